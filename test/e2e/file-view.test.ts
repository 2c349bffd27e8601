/**
 * The browser mode end to end on capture files: `netlens serve` with its real engine, Debian's
 * Chromium, the built renderer. A file opened from the UI shows the totals, protocols and top
 * talkers `netlens analyze --json` reports; every view renders in light and dark (screenshots);
 * host names carrying markup render as text; a scan raises its alert; a page reloaded after 25
 * scans lists all 25 alerts (a snapshot carries 20); 100,000+ flows scroll.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKUP_DNS_NAME, MARKUP_HOST, writeMarkupCapture } from '../helpers/markup-capture.js';
import { scannerAddress, writePortScansCapture } from '../helpers/port-scans-capture.js';
import { writeManyFlowsCapture } from './many-flows-capture.js';
import { HAVE_SHARED, SKIP_REASON, samplePath } from '../helpers/shared-pcaps.js';
import {
  analyzeJson,
  e2eUnavailableReason,
  kpi,
  launchBrowser,
  num,
  openApp,
  openFile,
  removeTemps,
  screenshot,
  showView,
  startServe,
  tempDir,
  until,
  type Browser,
  type PageDocument,
  type PageElement,
  type Served,
} from './harness.js';

declare const document: PageDocument;
declare const window: Record<string, unknown>;
declare function getComputedStyle(el: PageElement): { outlineStyle: string };

const SKIP = e2eUnavailableReason();
if (SKIP) console.warn(`browser tests skipped: ${SKIP}`);
if (!HAVE_SHARED) console.warn(SKIP_REASON);

const VIEWS = ['dashboard', 'connections', 'packets', 'alerts', 'suggestions', 'path', 'settings'] as const;

describe.skipIf(SKIP !== null)('browser: capture files', () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    served = await startServe(['--no-probe', '--data', '/']); // files from ../shared and temp folders
    browser = await launchBrowser();
    await openApp(browser.page, served.url);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    removeTemps();
  });

  it.skipIf(!HAVE_SHARED)('a file opened from the UI shows what `netlens analyze --json` reports', async () => {
    const { page } = browser;
    const file = samplePath('cs-http_espn.pcapng');
    const report = analyzeJson(file);
    await openFile(page, file);
    await showView(page, 'dashboard');

    expect(await kpi(page, 'packets')).toBe(report.packets);
    expect(Number(await page.locator('[data-kpi="bytes"]').getAttribute('data-value'))).toBe(report.bytes);
    expect(num(await page.locator('[data-stat="packets"]').textContent())).toBe(report.packets);

    const protocols = await page
      .locator('[data-testid="protocols"] tbody tr[data-protocol]')
      .evaluateAll((rows: PageElement[]) =>
        rows.map((r) => ({
          protocol: r.dataset.protocol!,
          packets: Number(r.querySelector('[data-packets]')!.dataset.packets),
          bytes: Number(r.querySelector('[data-bytes]')!.dataset.bytes),
        })),
      );
    const expected = Object.entries(report.protocols as Record<string, { packets: number; bytes: number }>).map(
      ([protocol, c]) => ({ protocol, ...c }),
    );
    const byName = (a: { protocol: string }, b: { protocol: string }): number => a.protocol.localeCompare(b.protocol);
    expect([...protocols].sort(byName)).toEqual([...expected].sort(byName));

    const talkers = await page
      .locator('[data-testid="top-talkers"] tbody tr[data-address]')
      .evaluateAll((rows: PageElement[]) =>
        rows.map((r) => ({
          address: r.dataset.address!,
          name: r.querySelectorAll('td')[1].textContent ?? '',
          txBytes: Number(r.querySelector('[data-bytes]')!.dataset.bytes),
        })),
      );
    const want = (report.topTalkers as { address: string; name?: string; txBytes: number }[]).map((e) => ({
      address: e.address,
      name: e.name ?? '',
      txBytes: e.txBytes,
    }));
    expect(talkers).toEqual(want);
    const listeners = await page
      .locator('[data-testid="top-listeners"] tbody tr[data-address]')
      .evaluateAll((rows: PageElement[]) => rows.map((r) => r.dataset.address));
    expect(listeners).toEqual((report.topListeners as { address: string }[]).map((e) => e.address));

    // every TCP stream and UDP conversation is a row of the connections table
    await showView(page, 'connections');
    const count = page.locator('[data-testid="flows-count"]');
    const flows = report.conversations.tcp.length + report.conversations.udp.length;
    await until(
      async () => Number(await count.getAttribute('data-total')),
      (n) => n === flows,
      10_000,
      `${flows} flows`,
    );

    // the packets view lists every kept packet; a selected one shows its layers and bytes
    await showView(page, 'packets');
    await until(
      async () => Number(await page.locator('[data-testid="packets-count"]').getAttribute('data-total')),
      (n) => n === report.packets,
      10_000,
      'packets',
    );
    await page.locator('[role="row"][id^="pkt-"]').last().click();
    await page.locator('[role="tree"]').waitFor();
    const tree = await page.locator('[role="tree"]').textContent();
    expect(tree).toMatch(/Ethernet/i);
    expect(tree).toMatch(/Internet Protocol Version 4/i);
    expect(await page.locator('[data-testid="hex"]').textContent()).toMatch(/^0000 {2}[0-9a-f]{2} /);
    // keyboard: the grid moves the selection with the arrow keys
    await page.locator('[role="grid"][aria-label="Latest packets"]').focus();
    await page.keyboard.press('ArrowUp');
    await page.waitForFunction(() => document.querySelector('[role="tree"]') !== null);

    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const v of VIEWS) {
        await showView(page, v);
        await page.waitForTimeout(300);
        await screenshot(page, `file-${v}-${scheme}`);
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    expect(browser.problems).toEqual([]);
  });

  it('host names carrying markup are shown as text, never as HTML', async () => {
    const { page } = browser;
    const file = join(tempDir(), 'markup.pcap');
    writeMarkupCapture(file);
    await openFile(page, file);
    await page.evaluate(() => (window.__pwned = 0));

    await showView(page, 'dashboard');
    const names = await page
      .locator('[data-testid="top-talkers"] tbody tr, [data-testid="top-listeners"] tbody tr')
      .evaluateAll((rows: PageElement[]) => rows.map((r) => r.querySelectorAll('td')[1]?.textContent ?? ''));
    expect(names).toContain(MARKUP_HOST);

    await showView(page, 'connections');
    await until(
      async () => (await page.locator('[data-col="b"]').allTextContents()).join('\n'),
      (t) => t.includes(MARKUP_HOST),
      10_000,
      'the host name in the connections table',
    );
    await showView(page, 'packets');
    await page.locator('[role="row"][id^="pkt-"]').first().waitFor();
    const info = await page.locator('[data-col="info"]').allTextContents();
    expect(info.join('\n')).toContain(MARKUP_DNS_NAME);
    // select the HTTP request: its Host header is a field of the tree, as text
    const rows = page.locator('[role="row"][id^="pkt-"]');
    for (let i = 0; i < (await rows.count()); i++) {
      if ((await rows.nth(i).textContent())?.includes('GET')) await rows.nth(i).click();
    }
    await page.locator('[role="tree"]').waitFor();

    await showView(page, 'connections');
    await screenshot(page, 'markup-connections-light');
    await showView(page, 'packets');
    await screenshot(page, 'markup-packets-light');
    // no element was made from the markup, and nothing ran
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('b:text("bold")').count()).toBe(0);
    expect(await page.evaluate(() => window.__pwned)).toBe(0);
    expect(browser.problems).toEqual([]);
  });

  it.skipIf(!HAVE_SHARED)('a port scan raises its alert; it can be acknowledged', async () => {
    const { page } = browser;
    await openFile(page, samplePath('cs-synscan-nmap.pcapng'));
    await showView(page, 'alerts');
    const scan = page.locator('li[data-alert-type="port-scan"]').first();
    await scan.waitFor({ timeout: 15_000 });
    expect(await scan.textContent()).toMatch(/scan/i);
    await screenshot(page, 'scan-alerts-light');
    const before = num(await page.locator('[data-testid="unacknowledged"]').textContent());
    expect(before).toBeGreaterThan(0);
    await scan.getByRole('button', { name: /^Acknowledge/ }).click();
    await until(
      async () => num(await page.locator('[data-testid="unacknowledged"]').textContent()),
      (n) => n === before - 1,
      5000,
      'acknowledgement',
    );
    await showView(page, 'suggestions');
    await screenshot(page, 'scan-suggestions-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await showView(page, 'alerts');
    await screenshot(page, 'scan-alerts-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(browser.problems).toEqual([]);
  });

  it('a page reloaded after 25 port scans lists all 25 alerts, not only the 20 a snapshot carries', async () => {
    const { page } = browser;
    const file = join(tempDir(), 'scans.pcap');
    writePortScansCapture(file, 25);
    await openFile(page, file);
    const rows = page.locator('li[data-alert-type="port-scan"]');
    await showView(page, 'alerts');
    await until(
      () => rows.count(),
      (n) => n === 25,
      10_000,
      '25 port-scan alerts before the reload',
    );

    await openApp(page, served.url); // a reload: the page starts from nothing
    await showView(page, 'alerts');
    await until(
      () => rows.count(),
      (n) => n === 25,
      10_000,
      '25 port-scan alerts after the reload',
    );
    // newest first: the scans ran one after another, the last scanner's is on top
    const summaries = await rows.locator('.summary').allTextContents();
    expect(summaries.map((s) => /^\S+/.exec(s)?.[0])).toEqual(
      Array.from({ length: 25 }, (_, i) => scannerAddress(24 - i)),
    );
    expect(num(await page.locator('[data-testid="unacknowledged"]').textContent())).toBe(25);
    await screenshot(page, 'reloaded-25-alerts-light');
    expect(browser.problems).toEqual([]);
  });

  it('email delivery: the password is saved but never shown or sent back to the page; a channel that cannot deliver is refused', async () => {
    const { page } = browser;
    await showView(page, 'settings');
    const mail = page.locator('fieldset:has(legend:text-is("Delivery"))');
    // a webhook that is not http(s): refused by the server, in words
    await page.getByRole('checkbox', { name: 'Post alerts to a URL' }).check();
    await mail.getByLabel('URL', { exact: true }).fill('ftp://example.org/hook');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.locator('.actions [role="alert"]').textContent(), { timeout: 10_000 })
      .toMatch(/webhook\.url must be an http:\/\/ or https:\/\/ URL/);
    await page.getByRole('checkbox', { name: 'Post alerts to a URL' }).uncheck();
    await page.getByRole('checkbox', { name: 'Send alerts by email' }).check();
    await mail.getByLabel('SMTP host', { exact: true }).fill('smtp.example.org');
    await mail.getByLabel('User', { exact: true }).fill('me');
    await page.getByLabel('Password', { exact: true }).fill('hunter2-Secret!');
    await mail.getByLabel('From', { exact: true }).fill('netlens@example.org');
    await mail.getByLabel('To', { exact: true }).fill('admin@example.org, ops@example.org');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    const pw = page.getByLabel('Password', { exact: true });
    expect(await pw.inputValue()).toBe('');
    expect(await pw.getAttribute('placeholder')).toBe('saved: type to replace');
    await screenshot(page, 'settings-email-saved-light');
    // a reload asks the server again: still saved, still not in the page
    await openApp(page, served.url);
    await showView(page, 'settings');
    expect(await page.getByLabel('Password', { exact: true }).getAttribute('placeholder')).toBe(
      'saved: type to replace',
    );
    expect(await page.content()).not.toContain('hunter2');
    await page.getByRole('button', { name: 'Forget the saved password' }).click();
    await page.getByRole('checkbox', { name: 'Send alerts by email' }).uncheck();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    expect(await page.getByLabel('Password', { exact: true }).getAttribute('placeholder')).toBe('');
    expect(await page.getByRole('button', { name: 'Forget the saved password' }).count()).toBe(0);
    expect(browser.problems).toEqual([]);
  });

  it('is keyboard reachable: skip link, then the toolbar; Alt+number views; visible focus; every control named', async () => {
    const { page } = browser;
    await openApp(page, served.url); // a fresh page: focus starts at the top
    await page.locator('select[aria-label="Interface to capture on"]:not([disabled])').waitFor();
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the view');
    await page.keyboard.press('Tab');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Interface to capture on');
    // the focused control shows it
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe('none');
    for (const [key, view] of [
      ['Alt+2', 'connections'],
      ['Alt+3', 'packets'],
      ['Alt+6', 'path'],
      ['Alt+7', 'settings'],
      ['Alt+1', 'dashboard'],
    ]) {
      await page.keyboard.press(key);
      await page.waitForFunction((v) => document.querySelector('main')?.dataset.currentView === v, view);
    }
    for (const view of VIEWS) {
      await showView(page, view);
      const unnamed = await page.evaluate(() => {
        const out: string[] = [];
        for (const el of Array.from(
          document.querySelectorAll('button, input, select, [role="grid"], [tabindex="0"]'),
        )) {
          const labelled =
            el.getAttribute('aria-label') ||
            el.getAttribute('aria-labelledby') ||
            (el.labels?.length ?? 0) > 0 ||
            (el.tagName === 'BUTTON' && el.textContent?.trim());
          if (!labelled && el.getAttribute('type') !== 'submit') out.push(el.outerHTML.slice(0, 120));
        }
        return out;
      });
      expect(unnamed, `unnamed controls in ${view}`).toEqual([]);
    }
  });

  it('more than 100,000 flows: only the visible rows exist, the end is one key away', async () => {
    const { page } = browser;
    const file = join(tempDir(), 'many.pcap');
    writeManyFlowsCapture(file, 110_000, 60);
    await openFile(page, file);
    await showView(page, 'connections');
    const count = page.locator('[data-testid="flows-count"]');
    const total = await until(
      async () => Number(await count.getAttribute('data-total')),
      (n) => n === 110_000,
      20_000,
      '110,000 flows',
    );
    const grid = page.locator('[role="grid"][aria-label="Connections"]');
    expect(await grid.locator('[role="row"][id^="flow-"]').count()).toBeLessThan(80);
    // sort by packets, then jump to the last row with the keyboard
    await page.locator('[data-sort="packets"]').click();
    await grid.focus();
    await page.keyboard.press('End');
    await page
      .locator(`#flow-${total - 1} [role="gridcell"]`)
      .first()
      .waitFor({ timeout: 10_000 });
    await until(
      async () => (await page.locator(`#flow-${total - 1}`).textContent()) ?? '',
      (t) => /TCP|UDP/.test(t),
      10_000,
      'the last row',
    );
    expect(await grid.locator('[role="row"][id^="flow-"]').count()).toBeLessThan(80);
    // search narrows the table on the engine's side
    await page.getByTestId('flows-search').fill('172.16.0.199');
    await until(
      async () => Number(await count.getAttribute('data-total')),
      (n) => n < total,
      10_000,
      'search',
    );
    // another list: back at its top
    await page.locator('#flow-0 [role="gridcell"]').first().waitFor({ timeout: 10_000 });
    expect(await page.locator('#flow-0').textContent()).toContain('172.16.0.199');
    await screenshot(page, 'many-flows-connections-light');
    await page.getByTestId('flows-search').fill('');
    expect(browser.problems).toEqual([]);
  });
});

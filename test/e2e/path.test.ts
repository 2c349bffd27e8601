/**
 * Issue 15, acceptance 4: the Path view in Chromium during a live capture on the namespace chain
 * (client → R1 → R2, R3 → server; test/helpers/netns-chain.ts) with 40 ms added on the link into
 * R2. `netlens serve` and Chromium run inside the client; the server is added as a probe target in
 * Settings, as a user would. The hop table fills with the four hops, the hop where the delay is
 * added (R2) is marked, the Dashboard's card names it, a click on the timeline shows the table at
 * that moment, and reverse-DNS names carrying markup (from a DNS server the test runs) are text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainUnavailableReason, createChain, type Chain } from '../helpers/netns-chain.js';
import {
  e2eUnavailableReason,
  launchBrowser,
  openApp,
  removeTemps,
  screenshot,
  showView,
  startServe,
  until,
  waitForState,
  type Browser,
  type PageDocument,
  type Served,
} from './harness.js';

declare const document: PageDocument;
declare const window: { __pwned?: number };

const SKIP = e2eUnavailableReason() ?? chainUnavailableReason();
if (SKIP) console.warn(`path browser test skipped: ${SKIP}`);

const HOSTILE = '<img src=x onerror=window.__pwned=1>.evil';
const HOSTILE_2 = '<b>r2</b>.provider.example';

describe.skipIf(SKIP !== null)('browser: the Path view on a namespace chain', () => {
  let chain: Chain;
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    chain = await createChain({
      wire: { link: 2, delayMs: 40, seed: 21 },
      ptr: (hops) => ({ [hops[0]]: HOSTILE, [hops[1]]: HOSTILE_2 }),
    });
    served = await startServe([], chain.ns.client);
    browser = await launchBrowser({ netns: chain.ns.client });
    await openApp(browser.page, served.url);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    await chain?.cleanup();
    removeTemps();
  });

  it('fills the hop table, marks the delayed hop, names it on the Dashboard, shows a moment', async () => {
    const { page } = browser;
    await showView(page, 'settings');
    await page.getByLabel('New probe target').fill(chain.server);
    await page.getByRole('button', { name: 'Add target' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();

    await showView(page, 'dashboard');
    await page.getByLabel('Interface to capture on').selectOption(chain.clientInterface);
    await page.getByRole('button', { name: 'Start' }).click();
    await waitForState(page, 'Capturing', 15_000);

    await showView(page, 'path');
    const rows = () =>
      page.evaluate(() =>
        Array.from(document.querySelectorAll('[data-testid="hop-table"] tbody tr[data-ttl]')).map((r) => ({
          ttl: Number(r.dataset.ttl),
          address: r.dataset.address ?? '',
          avg: Number(r.querySelector('[data-col="avg"]')?.dataset.value ?? 'NaN'),
          trouble: r.dataset.trouble === 'true',
        })),
      );
    // the server's path: pick it if another target (1.1.1.1) is shown first
    await until(
      async () => {
        await page.click(`[data-path-target="${chain.server}"]`, { timeout: 500 }).catch(() => undefined);
        return rows();
      },
      (r) => r.length === 4 && r.every((x) => x.address !== '') && r.some((x) => x.trouble),
      60_000,
      'the hop table with four hops and a marked hop',
    );
    const table = await rows();
    expect(table.map((r) => r.address)).toEqual(chain.hops);
    expect(table.filter((r) => r.trouble).map((r) => r.ttl)).toEqual([2]);
    expect(table[0].avg).toBeLessThan(5);
    for (const r of table.slice(1)) expect(Math.abs(r.avg - 40)).toBeLessThan(5);
    const verdict = await page.locator('[data-testid="path-view-verdict"] h2').textContent();
    expect(verdict).toBe('The delay starts at hop 2 (your provider), not in your home');
    expect(await page.locator('[data-testid="call-quality"]').getAttribute('data-grade')).toMatch(/excellent|good/);

    // the hostile names are text: shown as written, no element made from them, no script run
    await until(
      () => page.locator('[data-hop-name]').allTextContents(),
      (names) => names.length >= 2,
      30_000,
      'reverse-DNS names',
    );
    const names = await page.locator('[data-hop-name]').allTextContents();
    expect(names).toContain(HOSTILE);
    expect(names).toContain(HOSTILE_2);
    expect(await page.locator('[data-testid="hop-table"] img, [data-testid="hop-table"] b').count()).toBe(0);
    expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
    await screenshot(page, 'path-live-light');

    // a click on the timeline: the table of the minute up to that moment
    const canvas = page.locator('[data-chart="hops"] canvas');
    const box = (await canvas.boundingBox())!;
    await canvas.click({ position: { x: box.width * 0.6, y: box.height / 2 } });
    await expect
      .poll(() => page.locator('[data-testid="moment"]').textContent())
      .toMatch(/The minute up to \d\d:\d\d:\d\d/);
    expect((await rows()).length).toBe(4);
    await page.getByRole('button', { name: 'Back to live' }).click();
    await expect.poll(() => page.locator('[data-testid="moment"]').textContent()).toMatch(/live/);

    await showView(page, 'dashboard');
    const card = page.locator('[data-testid="path-verdict"]');
    await card.waitFor();
    expect(await card.getAttribute('data-place')).toBe('provider');
    expect(await card.getAttribute('data-hop')).toBe('2');
    expect(await card.locator('.title').textContent()).toMatch(/hop 2 \(your provider\)/);
    await screenshot(page, 'path-dashboard-card-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await showView(page, 'path');
    await screenshot(page, 'path-live-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(browser.problems).toEqual([]);
  }, 150_000);
});

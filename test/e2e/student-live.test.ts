/**
 * Issue 12 in the browser, live: `netlens serve` and Chromium inside a network namespace with no
 * default route (one veth to a peer). The prober does not cry wolf: for 60 s no CRITICAL alert,
 * the unreachable defaults are "no route to X, not probed", the busiest local peer is offered and
 * probed with one click; a pause shows its banner and freezes the elapsed time; after Stop no
 * "now" rate is shown; Start after Stop asks before closing the capture. Screenshots of every
 * view in both themes at 1280×800 and 1920×1080.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanupNetns,
  createVethPair,
  hasCommand,
  netnsUnavailableReason,
  nsExecSync,
  nsSpawn,
  type VethPair,
} from '../helpers/netns.js';
import {
  e2eUnavailableReason,
  launchBrowser,
  num,
  openApp,
  removeTemps,
  screenshot,
  showView,
  stat,
  startServe,
  until,
  waitForState,
  type Browser,
  type Served,
} from './harness.js';

const SKIP = e2eUnavailableReason() ?? netnsUnavailableReason() ?? (hasCommand('ping') ? null : 'ping is missing');
if (SKIP) console.warn(`issue 12 live browser tests skipped: ${SKIP}`);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.skipIf(SKIP !== null)('browser: an app a student understands (issue 12, live)', () => {
  let pair: VethPair;
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    pair = createVethPair();
    served = await startServe([], pair.nsA);
    browser = await launchBrowser({ netns: pair.nsA! });
    await openApp(browser.page, served.url);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    cleanupNetns();
    removeTemps();
  });

  it('3. no default route: 60 s without a CRITICAL alert; no route said, the peer offered and probed', async () => {
    const { page } = browser;
    // the namespace really has no default route
    expect(nsExecSync(pair.nsA, 'ip', ['route', 'show', 'default']).stdout.trim()).toBe('');
    await showView(page, 'dashboard');
    await page.getByLabel('Interface to capture on').selectOption(pair.ifA);
    await page.getByRole('button', { name: 'Start capture' }).click();
    await waitForState(page, 'Capturing', 15_000);
    nsSpawn(pair.nsA, 'ping', ['-i', '0.2', '-c', '400', pair.addrB]);
    const notes = page.locator('[data-testid="probe-notes"]');
    await notes.waitFor({ timeout: 15_000 });
    expect(await notes.textContent()).toContain('no route to 1.1.1.1, not probed');
    const offer = page.locator('[data-testid="probe-offer"]');
    await offer.waitFor({ timeout: 15_000 });
    expect(await offer.textContent()).toContain(pair.addrB);
    await screenshot(page, 'i12-live-no-route-light');
    const started = Date.now();
    await offer.getByRole('button', { name: `Probe ${pair.addrB}` }).click();
    const row = page.locator('[data-testid="probes"] tbody tr', { hasText: pair.addrB });
    await until(
      async () => (await row.locator('td').allTextContents()).map((t) => t.trim()),
      (c) => c[1] === 'ok' && /ms$/.test(c[2] ?? ''),
      20_000,
      'the offered peer answers its probes',
    );
    // a minute of capture: nothing critical (nothing unreachable is probed)
    while (Date.now() - started < 60_000) {
      expect(await page.locator('[data-kpi="alerts"]').textContent()).toBeDefined();
      await sleep(5000);
    }
    await showView(page, 'alerts');
    expect(await page.locator('[data-severity="critical"]').count()).toBe(0);
    expect(await page.locator('.sevs button', { hasText: 'Critical' }).textContent()).toMatch(/Critical\s*0/);
    await screenshot(page, 'i12-live-alerts-light');
  }, 120_000);

  it('every live view in both themes at 1280×800 and 1920×1080 (screenshots)', async () => {
    const { page } = browser;
    for (const [w, h] of [
      [1280, 800],
      [1920, 1080],
    ]) {
      await page.setViewportSize({ width: w, height: h });
      for (const theme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: theme });
        for (const view of ['dashboard', 'connections', 'packets', 'alerts', 'suggestions', 'settings']) {
          await showView(page, view);
          await sleep(600);
          await screenshot(page, `i12-live-${view}-${theme}-${w}`);
        }
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('7. a pause shows its banner and freezes the elapsed time; after Stop no "now" rate; Start asks', async () => {
    const { page } = browser;
    await showView(page, 'dashboard');
    await page.getByRole('button', { name: 'Pause' }).click();
    const banner = page.locator('[data-testid="paused-banner"]');
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/Paused since \d\d:\d\d:\d\d — not recording/);
    const e1 = await stat(page, 'elapsed');
    await sleep(2500);
    expect(await stat(page, 'elapsed')).toBe(e1);
    await screenshot(page, 'i12-live-paused-light');
    await page.getByRole('button', { name: 'Resume' }).click();
    await waitForState(page, 'Capturing');
    await page.getByRole('button', { name: 'Stop' }).click();
    await waitForState(page, 'Stopped');
    await until(
      async () => page.locator('[data-kpi="in"]').count(),
      (n) => n === 0,
      10_000,
      'no "now" rate',
    );
    expect(await page.locator('[data-kpi="avg"]').textContent()).toMatch(/bit\/s/);
    expect(await page.locator('footer').textContent()).not.toMatch(/now/);
    const packets = num(await stat(page, 'packets'));
    expect(packets).toBeGreaterThan(0);
    await screenshot(page, 'i12-live-stopped-light');
    // Start after Stop: the capture is not thrown away without asking
    await page.getByRole('button', { name: 'Start capture' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start a new capture?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`${packets.toLocaleString('en-US')} packets`);
    await screenshot(page, 'i12-live-start-asks-light');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await sleep(500);
    expect(await stat(page, 'state')).toMatch(/Stopped/);
    expect(num(await stat(page, 'packets'))).toBe(packets);
    expect(browser.problems).toEqual([]);
  });
});

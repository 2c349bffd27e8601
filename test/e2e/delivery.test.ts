/**
 * Alert delivery, seen from the browser: a webhook set in Settings → Delivery serves a live
 * capture, and when nobody answers at its URL the Alerts view says so (retries, the last error)
 * while the capture goes on. `netlens serve` and Chromium run inside a network namespace this test
 * creates; tcpreplay sends an nmap SYN scan (a shared sample) from the other end of the veth.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanupNetns,
  createVethPair,
  hasCommand,
  netnsUnavailableReason,
  nsExecSync,
  type VethPair,
} from '../helpers/netns.js';
import { HAVE_SHARED, SKIP_REASON, samplePath } from '../helpers/shared-pcaps.js';
import {
  e2eUnavailableReason,
  launchBrowser,
  openApp,
  removeTemps,
  screenshot,
  showView,
  startServe,
  stat,
  until,
  waitForState,
  type Browser,
  type Served,
} from './harness.js';

const SKIP =
  e2eUnavailableReason() ??
  netnsUnavailableReason() ??
  (hasCommand('tcpreplay') ? null : 'tcpreplay missing (Debian: tcpreplay)') ??
  (HAVE_SHARED ? null : SKIP_REASON);
if (SKIP) console.warn(`browser delivery test skipped: ${SKIP}`);

describe.skipIf(SKIP !== null)('browser: alert delivery from a live capture', () => {
  let pair: VethPair;
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    pair = createVethPair();
    served = await startServe(['--no-probe'], pair.nsA);
    browser = await launchBrowser({ netns: pair.nsA! });
    await openApp(browser.page, served.url);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    cleanupNetns();
    removeTemps();
  });

  it('a webhook nobody answers: the scan alert shows, and so do the retries and the error; capture goes on', async () => {
    const { page } = browser;
    await showView(page, 'settings');
    const delivery = page.locator('fieldset:has(legend:text-is("Delivery"))');
    await page.getByRole('checkbox', { name: 'Post alerts to a URL' }).check();
    await delivery.getByLabel('URL', { exact: true }).fill('http://127.0.0.1:9/hook');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();

    await showView(page, 'dashboard');
    await page.getByLabel('Interface to capture on').selectOption(pair.ifA);
    await page.getByRole('button', { name: 'Start' }).click();
    await waitForState(page, 'Capturing', 15_000);
    const r = nsExecSync(pair.nsB, 'tcpreplay', ['-i', pair.ifB, '--pps=4000', samplePath('cs-synscan-nmap.pcapng')], {
      timeoutMs: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);

    await showView(page, 'alerts');
    await page.locator('[data-alert-type="port-scan"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-alert-type="port-scan"] .summary').textContent()).toMatch(
      /^172\.16\.0\.8 tried [\d,]+ TCP ports on 64\.13\.134\.52/,
    );
    const hook = page.locator('.delivery [data-channel="webhook"]');
    const text = await until(
      async () => ((await hook.count()) ? ((await hook.textContent()) ?? '') : ''),
      (t) => /retried/.test(t) && /last error/.test(t),
      20_000,
      'the webhook line',
    );
    expect(text).toMatch(/^\s*Webhook:\s+0 sent/);
    expect(text).toMatch(/last error: cannot reach the webhook 127\.0\.0\.1:9/);
    expect(await stat(page, 'state')).toMatch(/Capturing/);
    await screenshot(page, 'alerts-delivery-failing-light');

    await page.getByRole('button', { name: 'Stop' }).click();
    await waitForState(page, 'Stopped', 15_000);
    expect(browser.problems).toEqual([]);
  });
});

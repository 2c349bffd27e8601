/**
 * Without capture permission: `netlens serve` runs as an unprivileged user (setpriv, no
 * capabilities), and the app shows the permission page with this OS's fix instead of failing
 * silently; opening a file still works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasCommand } from '../helpers/netns.js';
import { HAVE_SHARED, samplePath } from '../helpers/shared-pcaps.js';
import {
  e2eUnavailableReason,
  launchBrowser,
  openApp,
  openFile,
  removeTemps,
  screenshot,
  showView,
  startServe,
  type Browser,
  type Served,
} from './harness.js';

const ROOT_ONLY =
  typeof process.geteuid === 'function' && process.geteuid() !== 0 ? 'needs root to start serve as another user' : null;
const SKIP =
  e2eUnavailableReason() ?? ROOT_ONLY ?? (hasCommand('setpriv') ? null : 'setpriv missing (Debian: util-linux)');
if (SKIP) console.warn(`permission browser test skipped: ${SKIP}`);

describe.skipIf(SKIP !== null)('browser: no capture permission', () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    served = await startServe(['--no-probe', '--data', '/'], null, [
      'setpriv',
      '--reuid=65534',
      '--regid=65534',
      '--clear-groups',
      '--inh-caps=-all',
    ]);
    browser = await launchBrowser();
    await openApp(browser.page, served.url);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    removeTemps();
  });

  it('shows the permission page with the fix for this OS, reachable from the nav', async () => {
    const { page } = browser;
    const main = page.locator('main');
    if ((await main.getAttribute('data-current-view')) !== 'permission') {
      // where only trying tells, a refused Start brings the page
      await page.getByLabel('Interface to capture on').selectOption('lo');
      await page.getByRole('button', { name: 'Start' }).click();
    }
    await page.waitForFunction(
      () =>
        (
          globalThis as unknown as {
            document: { querySelector(s: string): { dataset: Record<string, string> } | null };
          }
        ).document.querySelector('main')?.dataset.currentView === 'permission',
    );
    await expect.poll(() => page.locator('#perm-title').textContent()).toMatch(/may not capture on this Linux/);
    const text = (await main.textContent()) ?? '';
    expect(text).toMatch(/setcap|capabilit|pcap/i);
    expect(await page.locator('nav [data-view="permission"]').count()).toBe(1);
    await screenshot(page, 'permission-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'permission-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('the capture filter is still checked as it is typed (compiled by libpcap without opening the interface)', async () => {
    const { page } = browser;
    await showView(page, 'dashboard');
    await page.getByLabel('Interface to capture on').selectOption('lo');
    const bpf = page.getByPlaceholder('BPF, e.g. tcp port 443');
    await bpf.fill('tcp prot 5201');
    await expect.poll(() => bpf.getAttribute('aria-invalid'), { timeout: 10_000 }).toBe('true');
    await expect.poll(() => page.locator('#bpf-status').textContent(), { timeout: 10_000 }).toMatch(/syntax error/);
    await bpf.fill('icmp or tcp port 443');
    await expect.poll(() => page.locator('#bpf-status').textContent(), { timeout: 10_000 }).toMatch(/Filter is valid/);
    expect(await bpf.getAttribute('aria-invalid')).not.toBe('true');
    await bpf.fill('');
  });

  it.skipIf(!HAVE_SHARED)('a capture file still opens', async () => {
    const { page } = browser;
    await openFile(page, samplePath('cs-http_espn.pcapng'));
    await showView(page, 'dashboard');
    expect(await page.locator('[data-kpi="packets"]').textContent()).toBe('956');
    expect(browser.problems).toEqual([]);
  });
});

/**
 * A live capture from the browser, end to end: `netlens serve` and Chromium run inside a network
 * namespace this test creates, on one end of a veth pair; ping and iperf3 send traffic to the other
 * end. Counters and charts move; the capture filter is checked before start; pause, resume and
 * stop; the exports are read back by tshark, a CSV parser and JSON.parse; logging writes a pcap.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanupNetns,
  createVethPair,
  hasCommand,
  netnsUnavailableReason,
  nsSpawn,
  type VethPair,
} from '../helpers/netns.js';
import { parseCsv } from './csv.js';
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
  tempDir,
  until,
  waitForState,
  type Browser,
  type Served,
} from './harness.js';

declare const document: { querySelector(selector: string): { toDataURL(): string } | null };

const TOOLS = ['ping', 'iperf3', 'tshark', 'capinfos'].filter((t) => !hasCommand(t));
const SKIP =
  e2eUnavailableReason() ??
  netnsUnavailableReason() ??
  (TOOLS.length ? `missing tools: ${TOOLS.join(', ')} (Debian: iputils-ping iperf3 tshark)` : null);
if (SKIP) console.warn(`live browser tests skipped: ${SKIP}`);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.skipIf(SKIP !== null)('browser: a live capture on a veth pair', () => {
  let pair: VethPair;
  let served: Served;
  let browser: Browser;
  const downloads = tempDir('nl-downloads-');
  const logs = tempDir('nl-logs-');

  beforeAll(async () => {
    pair = createVethPair();
    served = await startServe(['--log-dir', logs], pair.nsA); // the browser logs there only
    browser = await launchBrowser({ netns: pair.nsA!, downloads });
    await openApp(browser.page, served.url);
    // the server answers iperf3 in the other namespace; pings go there too
    nsSpawn(pair.nsB, 'iperf3', ['-s', '-B', pair.addrB]);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    cleanupNetns();
    removeTemps();
  });

  it('capture filter checked, probe target added in Settings, logging on; Start; counters and charts move', async () => {
    const { page } = browser;
    // a probe target the test controls: the other end of the veth
    await showView(page, 'settings');
    await page.getByLabel('New probe target').fill(pair.addrB);
    await page.getByRole('button', { name: 'Add target' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();

    await showView(page, 'dashboard');
    await page.getByLabel('Interface to capture on').selectOption(pair.ifA);
    const bpf = page.getByPlaceholder('BPF, e.g. tcp port 443');
    await bpf.fill('tcp prot 5201');
    await expect.poll(() => bpf.getAttribute('aria-invalid'), { timeout: 10_000 }).toBe('true');
    expect(await page.getByRole('button', { name: 'Start' }).isDisabled()).toBe(true);
    await screenshot(page, 'live-invalid-filter-light');
    await bpf.fill('icmp or tcp port 5201');
    await expect.poll(() => page.locator('#bpf-status').textContent(), { timeout: 10_000 }).toMatch(/valid/);

    await page.getByRole('checkbox', { name: 'Log to file' }).check();
    await page.getByLabel('Folder to log to').fill(logs);
    await page.getByLabel('Folder to log to').press('Tab');

    await page.getByRole('button', { name: 'Start' }).click();
    await waitForState(page, 'Capturing', 15_000);

    nsSpawn(pair.nsA, 'ping', ['-i', '0.05', '-c', '2000', pair.addrB]);
    await sleep(500);
    nsSpawn(pair.nsA, 'iperf3', ['-c', pair.addrB, '-t', '60', '-b', '4M', '-l', '1200']);

    const throughput = async (): Promise<string> =>
      page.evaluate(() => document.querySelector('[data-chart="throughput"] canvas')!.toDataURL());
    const p1 = await until(
      async () => num(await stat(page, 'packets')),
      (n) => n > 100,
      15_000,
      'packets',
    );
    const c1 = await throughput();
    const e1 = await stat(page, 'elapsed');
    await sleep(2500);
    const p2 = num(await stat(page, 'packets'));
    expect(p2).toBeGreaterThan(p1);
    expect(await throughput()).not.toBe(c1);
    expect(await stat(page, 'elapsed')).not.toBe(e1);
    expect(await stat(page, 'rate')).toMatch(/bit\/s/);
    expect(num(await page.locator('[data-kpi="pps"]').textContent())).toBeGreaterThan(0);
    // the probe to the other end answers; its row shows a round trip
    const probeRow = page.locator('[data-testid="probes"] tbody tr', { hasText: pair.addrB });
    await until(
      async () => (await probeRow.locator('td').allTextContents()).map((t) => t.trim()),
      (c) => c[1] === 'ok' && /ms$/.test(c[2] ?? '') && /%$/.test(c[5] ?? ''),
      20_000,
      'probe answers',
    );
    // the filter on the capture holds: nothing but ICMP and iperf3's TCP
    const protocols = await page
      .locator('[data-testid="protocols"] tbody tr[data-protocol]')
      .evaluateAll((r) => r.map((x) => (x as unknown as { dataset: { protocol: string } }).dataset.protocol));
    expect(protocols).toContain('icmp');
    expect(protocols).toContain('tcp');
    expect(protocols).not.toContain('arp');

    await screenshot(page, 'live-dashboard-light');
    await page.locator('[data-testid="probes"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'live-dashboard-latency-light');
    await page.locator('main').evaluate((m) => ((m as unknown as { scrollTop: number }).scrollTop = 0));
    await page.emulateMedia({ colorScheme: 'dark' });
    await sleep(1200);
    await screenshot(page, 'live-dashboard-dark');
    await showView(page, 'connections');
    await sleep(1200);
    await screenshot(page, 'live-connections-dark');
    await showView(page, 'packets');
    await sleep(800);
    await screenshot(page, 'live-packets-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await showView(page, 'packets');
    await sleep(800);
    await screenshot(page, 'live-packets-light');
    await showView(page, 'dashboard');
  });

  it('pause holds the counters while traffic flows; resume and stop', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Pause' }).click();
    await waitForState(page, 'Paused');
    await sleep(300);
    const held = num(await stat(page, 'packets'));
    await sleep(1500);
    expect(num(await stat(page, 'packets'))).toBe(held);
    await screenshot(page, 'live-paused-light');
    await page.getByRole('button', { name: 'Resume' }).click();
    await waitForState(page, 'Capturing');
    await until(
      async () => num(await stat(page, 'packets')),
      (n) => n > held,
      10_000,
      'packets after resume',
    );
    await page.getByRole('button', { name: 'Stop' }).click();
    await waitForState(page, 'Stopped');
    const stopped = num(await stat(page, 'packets'));
    await sleep(1000);
    expect(num(await stat(page, 'packets'))).toBe(stopped);
    expect(browser.problems).toEqual([]);
  });

  it('exports files that tshark, a CSV parser and JSON.parse read; the log folder holds a pcap', async () => {
    const { page } = browser;
    const packets = num(await stat(page, 'packets'));
    await showView(page, 'connections');
    const flows = await until(
      async () => Number(await page.getByTestId('flows-count').getAttribute('data-all')),
      (n) => n > 0,
      10_000,
      'flows',
    );

    const download = async (label: RegExp): Promise<string> => {
      await page.getByRole('button', { name: 'Export ▾' }).click();
      const [dl] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('menuitem', { name: label }).click(),
      ]);
      const path = join(downloads, dl.suggestedFilename() || `export-${Date.now()}`);
      await dl.saveAs(path);
      return path;
    };

    const pcap = await download(/pcap/);
    const count = spawnSync('capinfos', ['-c', '-M', pcap], { encoding: 'utf8' });
    expect(count.status, count.stderr).toBe(0);
    expect(Number(/Number of packets:\s+(\d+)/.exec(count.stdout)?.[1])).toBe(packets);
    const ts = spawnSync('tshark', ['-r', pcap, '-q', '-z', 'io,phs'], { encoding: 'utf8' });
    expect(ts.status, ts.stderr).toBe(0);
    expect(ts.stdout).toMatch(/icmp/);

    const csv = parseCsv(readFileSync(await download(/CSV/), 'utf8'));
    expect(csv.length).toBe(flows + 1);
    const header = csv[0];
    expect(header.length).toBeGreaterThan(5);
    for (const row of csv.slice(1)) expect(row.length).toBe(header.length);
    expect(csv.slice(1).some((r) => r.includes(pair.addrB))).toBe(true);

    const json = JSON.parse(readFileSync(await download(/JSON/), 'utf8'));
    expect(JSON.stringify(json)).toContain(pair.addrB);

    const html = readFileSync(await download(/HTML/), 'utf8');
    expect((html.match(/<img[^>]+src="data:image\/png;base64,/g) ?? []).length).toBeGreaterThanOrEqual(3);
    expect(html).not.toMatch(/<script/i);
    await screenshot(page, 'live-exported-light');

    const logged = readdirSync(logs, { recursive: true }).map(String);
    expect(
      logged.some((f) => /\.pcap$/.test(f)),
      logged.join(', '),
    ).toBe(true);
    expect(browser.problems).toEqual([]);
  });
});

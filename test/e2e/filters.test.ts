/**
 * The filters bar end to end: each filter (protocol, source and destination address or CIDR, port,
 * host-name search) changes every view — dashboard totals, connections, packets — to exactly what
 * `netlens analyze --json` says the matching traffic is. Typos are flagged and not applied.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_SHARED, SKIP_REASON, samplePath } from '../helpers/shared-pcaps.js';
import {
  analyzeJson,
  e2eUnavailableReason,
  kpi,
  launchBrowser,
  openApp,
  openFile,
  removeTemps,
  screenshot,
  showView,
  startServe,
  until,
  type Browser,
  type PageElement,
  type Served,
} from './harness.js';

const SKIP = e2eUnavailableReason() ?? (HAVE_SHARED ? null : SKIP_REASON);
if (SKIP) console.warn(`filter browser tests skipped: ${SKIP}`);

interface Conv {
  a: string;
  b: string;
  aPort?: number;
  bPort?: number;
  service?: string;
  packetsAtoB: number;
  packetsBtoA: number;
}

function v4(a: string): number {
  return a.split('.').reduce((n, x) => n * 256 + Number(x), 0);
}
function inCidr(addr: string, cidr: string): boolean {
  if (addr.includes(':')) return false;
  const [net, len] = cidr.split('/');
  const bits = Number(len ?? 32);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return (v4(addr) & mask) >>> 0 === (v4(net) & mask) >>> 0;
}

describe.skipIf(SKIP !== null)('browser: the filters bar', () => {
  let served: Served;
  let browser: Browser;
  const file = samplePath('cs-http_espn.pcapng');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let report: any;

  beforeAll(async () => {
    report = analyzeJson(file);
    served = await startServe(['--no-probe', '--data', '/']); // files from temp folders
    browser = await launchBrowser();
    await openApp(browser.page, served.url);
    await openFile(browser.page, file);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    removeTemps();
  });

  const flows = (): Conv[] => [...report.conversations.tcp, ...report.conversations.udp];
  const packets = (c: Conv): number => c.packetsAtoB + c.packetsBtoA;
  const name = (addr: string): string => report.hostnames[addr] ?? '';
  const endpoint = (addr: string): { txPackets: number; rxPackets: number } =>
    report.endpoints.find((e: { address: string }) => e.address === addr);

  /** Sets the bar (empty fields clear), waits for every view to follow, and reads them. */
  async function apply(f: { protocol?: string; src?: string; dst?: string; port?: string; host?: string }) {
    const { page } = browser;
    await showView(page, 'dashboard');
    await page.locator('[data-filter="protocol"]').selectOption(f.protocol ?? '');
    for (const k of ['src', 'dst', 'port', 'host'] as const)
      await page.locator(`[data-filter="${k}"]`).fill(f[k] ?? '');
    await page.locator('[data-filter="host"]').press('Enter');
    return page;
  }

  async function expectViews(wantPackets: number, wantFlows: number, label: string): Promise<void> {
    const { page } = browser;
    await until(
      () => kpi(page, 'packets'),
      (n) => n === wantPackets,
      10_000,
      `${label}: dashboard packets = ${wantPackets}`,
    );
    await showView(page, 'connections');
    await until(
      async () => Number(await page.getByTestId('flows-count').getAttribute('data-total')),
      (n) => n === wantFlows,
      10_000,
      `${label}: ${wantFlows} flows`,
    );
    await showView(page, 'packets');
    await until(
      async () => Number(await page.getByTestId('packets-count').getAttribute('data-total')),
      (n) => n === wantPackets,
      10_000,
      `${label}: ${wantPackets} packets listed`,
    );
    await showView(page, 'dashboard');
  }

  it('protocol', async () => {
    await apply({ protocol: 'dns' });
    const dnsFlows = flows().filter((c) => c.service === 'dns' || c.aPort === 53 || c.bPort === 53).length;
    await expectViews(report.protocols.dns.packets, dnsFlows, 'protocol dns');
    // the protocol table now lists only what dns frames contain
    const listed = await browser.page
      .locator('[data-testid="protocols"] tbody tr[data-protocol]')
      .evaluateAll((r: PageElement[]) => r.map((x) => x.dataset.protocol));
    expect(listed).toContain('dns');
    expect(listed).not.toContain('tcp');
    await screenshot(browser.page, 'filter-protocol-dns-dashboard-light');
    await apply({ protocol: 'udp' });
    await until(
      () => kpi(browser.page, 'packets'),
      (n) => n === report.protocols.udp.packets,
      10_000,
      'protocol udp',
    );
  });

  it('source and destination address', async () => {
    const host = '172.16.0.122';
    await apply({ src: host });
    const touching = flows().filter((c) => c.a === host || c.b === host).length;
    await expectViews(endpoint(host).txPackets, touching, 'src');
    await apply({ dst: host });
    await expectViews(endpoint(host).rxPackets, touching, 'dst');
  });

  it('source and destination CIDR', async () => {
    const net = '205.234.0.0/16';
    await apply({ src: net });
    const tx = report.endpoints
      .filter((e: { address: string }) => inCidr(e.address, net))
      .reduce((n: number, e: { txPackets: number }) => n + e.txPackets, 0);
    const touching = flows().filter((c) => inCidr(c.a, net) || inCidr(c.b, net)).length;
    expect(tx).toBeGreaterThan(0);
    await expectViews(tx, touching, 'src cidr');
    await apply({ src: '172.16.0.0/12', dst: net });
    const ip = report.conversations.ip as Conv[];
    const fromLan = ip.reduce(
      (n, c) =>
        n +
        (inCidr(c.a, '172.16.0.0/12') && inCidr(c.b, net) ? c.packetsAtoB : 0) +
        (inCidr(c.b, '172.16.0.0/12') && inCidr(c.a, net) ? c.packetsBtoA : 0),
      0,
    );
    await until(
      () => kpi(browser.page, 'packets'),
      (n) => n === fromLan,
      10_000,
      'src and dst cidr',
    );
  });

  it('port', async () => {
    await apply({ port: '53' });
    const on53 = flows().filter((c) => c.aPort === 53 || c.bPort === 53);
    await expectViews(
      on53.reduce((n, c) => n + packets(c), 0),
      on53.length,
      'port 53',
    );
  });

  it('host-name search', async () => {
    await apply({ host: 'espn' });
    const match = (a: string): boolean => a.toLowerCase().includes('espn') || name(a).toLowerCase().includes('espn');
    const ip = report.conversations.ip as Conv[];
    const want = ip.filter((c) => match(c.a) || match(c.b)).reduce((n, c) => n + packets(c), 0);
    const wantFlows = flows().filter((c) => match(c.a) || match(c.b)).length;
    expect(want).toBeGreaterThan(0);
    expect(want).toBeLessThan(report.packets);
    await expectViews(want, wantFlows, 'host espn');
    await showView(browser.page, 'connections');
    const names = await browser.page.locator('[data-col="a"], [data-col="b"]').allTextContents();
    expect(names.some((n) => n.includes('espn'))).toBe(true);
    await screenshot(browser.page, 'filter-host-espn-connections-light');
  });

  it('a typo is flagged and not applied; Clear brings everything back', async () => {
    const { page } = browser;
    await apply({ port: '53' });
    const on53 = flows()
      .filter((c) => c.aPort === 53 || c.bPort === 53)
      .reduce((n, c) => n + packets(c), 0);
    const before = await until(
      () => kpi(page, 'packets'),
      (n) => n === on53,
      10_000,
      'port filter',
    );
    await page.locator('[data-filter="src"]').fill('10.0.0.0/33');
    await expect.poll(() => page.locator('[data-filter="src"]').getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.locator('#filter-problems').textContent()).toMatch(/prefix length/);
    await page.waitForTimeout(600);
    expect(await kpi(page, 'packets')).toBe(before);
    await screenshot(page, 'filter-typo-light');
    await page.getByRole('button', { name: 'Clear' }).click();
    await expectViews(report.packets, flows().length, 'cleared');
    expect(browser.problems).toEqual([]);
  });
});

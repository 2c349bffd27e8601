/**
 * Issue 12 in the browser, on capture files (real engine behind `netlens serve`): what a student
 * sees. The 10-hour file's chart spans 10 hours; a zoom makes every view count the packets in its
 * range, as many as tshark finds there; the nmap alert's "Show these packets" lists exactly the
 * scan's packets; the ARP-spoofing alert says what to do and comes with its suggestion; numbers
 * say what they are (a file shows averages, not "now"); a talker opens its connections, a
 * connection its packets and its stream (the HTTP request of zeek-wikipedia.pcap as text); a
 * filter that matches nothing says so; middle ellipsis keeps the port; UDP has one colour in
 * every chart; a file opens at packet 1 and a clicked byte marks its field. Screenshots of every
 * view in both themes at 1280×800 and 1920×1080.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PcapWriter } from '../../src/capture/pcap-writer.js';
import { HAVE_SHARED, SKIP_REASON, samplePath, truthFor } from '../helpers/shared-pcaps.js';
import {
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

const SKIP = e2eUnavailableReason() ?? (HAVE_SHARED ? null : SKIP_REASON);
if (SKIP) console.warn(`issue 12 browser tests skipped: ${SKIP}`);

/** Frames tshark finds with this display filter. */
function tsharkCount(file: string, filter: string): number {
  const out = execFileSync('tshark', ['-r', file, '-Y', filter, '-T', 'fields', '-e', 'frame.number'], {
    encoding: 'utf8',
  });
  return out.split('\n').filter((l) => l.trim() !== '').length;
}

/** A capture with one TCP connection between two long IPv6 addresses, to port 8000. */
function writeIpv6Port8000(path: string): void {
  const w = PcapWriter.open(path, { linkType: 1 });
  if (!w.ok) throw new Error(w.error.message);
  const a = Buffer.from('20010db8aaaabbbbccccddddeeee0001', 'hex');
  const b = Buffer.from('20010db8aaaabbbbccccddddeeee0002', 'hex');
  const frame = (src: Buffer, dst: Buffer, sport: number, dport: number, flags: number, t: number): void => {
    const f = Buffer.alloc(14 + 40 + 20);
    f.writeUInt16BE(0x86dd, 12);
    f[14] = 0x60;
    f.writeUInt16BE(20, 18); // payload length
    f[20] = 6; // next header: TCP
    f[21] = 64;
    src.copy(f, 22);
    dst.copy(f, 38);
    f.writeUInt16BE(sport, 54);
    f.writeUInt16BE(dport, 56);
    f[66] = 0x50;
    f[67] = flags;
    f.writeUInt16BE(65535, 68);
    w.value.write({ buf: f, offset: 0, capLen: f.length, origLen: f.length, tsSec: 1_700_000_000, tsNsec: t * 1e6 });
  };
  frame(a, b, 45000, 8000, 0x02, 0);
  frame(b, a, 8000, 45000, 0x12, 1);
  frame(a, b, 45000, 8000, 0x10, 2);
  w.value.close();
}

describe.skipIf(SKIP !== null)('browser: an app a student understands (issue 12, files)', () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    served = await startServe(['--no-probe', '--data', '/']);
    browser = await launchBrowser();
    await openApp(browser.page, served.url);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    removeTemps();
  });

  it('1. the 10-hour file: the chart spans its 10 hours, titled so; counts have whole ticks', async () => {
    const { page } = browser;
    const name = 'zeek-rotation-rawip.pcap';
    const truth = truthFor(name);
    await openFile(page, samplePath(name));
    await showView(page, 'dashboard');
    const window = await until(
      async () => (await page.locator('[data-testid="throughput-window"]').textContent()) ?? '',
      (t) => /\(\d+ h \d+ min\)/.test(t),
      10_000,
      'the chart title',
    );
    const span = Number(truth.max_ts_epoch) - Number(truth.min_ts_epoch);
    const [, h, m] = /\((\d+) h (\d+) min\)/.exec(window)!;
    expect(Math.abs(Number(h) * 3600 + Number(m) * 60 - span)).toBeLessThan(60); // minutes shown whole
    expect(Number(h)).toBeGreaterThanOrEqual(9);
    expect(window).toMatch(/one point = \d+ min/);
    expect(await kpi(page, 'packets')).toBe(truth.packets);
    await screenshot(page, 'i12-10-hour-file-dashboard-light');
  });

  it('1. zooming the chart filters every view: the Packets count is what tshark counts in the range', async () => {
    const { page } = browser;
    const file = samplePath('cs-http_espn.pcapng');
    await openFile(page, file);
    await showView(page, 'dashboard');
    const chart = page.locator('[data-chart="throughput"] .chart');
    await until(
      async () => Number(await chart.getAttribute('data-updates')),
      (n) => n > 0,
      10_000,
      'the chart',
    );
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.35, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    const chip = page.locator('[data-testid="time-filter"]');
    await chip.waitFor();
    const from = Number(await chip.getAttribute('data-from'));
    const to = Number(await chip.getAttribute('data-to'));
    const expected = tsharkCount(file, `frame.time_epoch >= ${from} && frame.time_epoch <= ${to}`);
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(956);
    await until(
      () => kpi(page, 'packets'),
      (n) => n === expected,
      10_000,
      'the zoomed packet count',
    );
    await screenshot(page, 'i12-zoomed-dashboard-light');
    await showView(page, 'packets');
    await until(
      async () => Number(await page.locator('[data-testid="packets-count"]').getAttribute('data-total')),
      (n) => n === expected,
      10_000,
      'the packets list',
    );
    // double-click: the whole capture again
    await showView(page, 'dashboard');
    await chart.dblclick();
    await until(
      () => kpi(page, 'packets'),
      (n) => n === 956,
      10_000,
      'all packets again',
    );
  });

  it('2. "Show these packets" on the nmap alert lists exactly the scan\'s packets', async () => {
    const { page } = browser;
    const file = samplePath('cs-synscan-nmap.pcapng');
    await openFile(page, file);
    await showView(page, 'alerts');
    const card = page.locator('[data-alert-type="port-scan"]').first();
    await card.waitFor();
    expect(await card.locator('[data-part="action"]').textContent()).toMatch(/close or firewall/);
    expect(await card.locator('.facts').textContent()).toMatch(/Ports tried\s*1,000/);
    await screenshot(page, 'i12-nmap-alert-light');
    await card.getByRole('button', { name: 'Show these packets' }).click();
    await page.waitForFunction(() => document.querySelector('main')?.dataset.currentView === 'packets');
    const chip = page.locator('[data-testid="time-filter"]');
    const from = Number(await chip.getAttribute('data-from'));
    const to = Number(await chip.getAttribute('data-to'));
    const expected = tsharkCount(
      file,
      `ip.addr == 172.16.0.8 && ip.addr == 64.13.134.52 && frame.time_epoch >= ${from} && frame.time_epoch <= ${to}`,
    );
    expect(expected).toBeGreaterThan(1990);
    await until(
      async () => Number(await page.locator('[data-testid="packets-count"]').getAttribute('data-total')),
      (n) => n === expected,
      10_000,
      "the scan's packets",
    );
    // a file opens at its first packet: the list starts at the top
    expect(num(await page.locator('#pkt-0 [role="gridcell"]').first().textContent())).toBeGreaterThan(0);
    await screenshot(page, 'i12-nmap-packets-light');
  });

  it('2. the ARP-spoofing alert says what to do, and comes with a suggestion', async () => {
    const { page } = browser;
    await openFile(page, samplePath('cs-arppoison.pcapng'));
    await showView(page, 'alerts');
    const card = page.locator('[data-alert-type="arp-spoof"][data-severity="critical"]').first();
    await card.waitFor();
    const action = (await card.locator('[data-part="action"]').textContent())!;
    expect(action).toMatch(/disconnect it/);
    expect(await card.locator('[data-part="meaning"]').textContent()).toMatch(/man in the middle/);
    // no key dump: labelled facts
    expect(await card.locator('.facts').textContent()).toMatch(/Address claimed/);
    await screenshot(page, 'i12-arp-alert-light');
    await showView(page, 'suggestions');
    const s = page.locator('[data-kind="alert-arp-spoof"]').first();
    await s.waitFor();
    expect(await s.locator('[data-part="action"]').textContent()).toBe(action);
    await screenshot(page, 'i12-arp-suggestion-light');
  });

  it('4. a file shows its duration, average and peak, not a "now" rate', async () => {
    const { page } = browser;
    await openFile(page, samplePath('zeek-wikipedia.pcap'));
    await showView(page, 'dashboard');
    expect(await page.locator('[data-kpi="in"]').count()).toBe(0);
    expect(await page.locator('[data-kpi="avg"]').textContent()).toMatch(/bit\/s/);
    expect(await page.locator('[data-kpi="peak"]').textContent()).toMatch(/bit\/s/);
    expect(await page.locator('[data-kpi="duration"]').textContent()).toMatch(/s|min/);
    expect(await page.locator('footer').textContent()).toMatch(/Average rate/);
  });

  it('5. a talker opens its connections; a connection its packets, and Follow shows the HTTP request', async () => {
    const { page } = browser;
    const file = samplePath('zeek-wikipedia.pcap');
    await showView(page, 'dashboard');
    const talker = page.locator('[data-testid="top-talkers"] tbody tr[data-address]').first();
    const address = (await talker.getAttribute('data-address'))!;
    await talker.locator('button.link').click();
    await page.waitForFunction(() => document.querySelector('main')?.dataset.currentView === 'connections');
    expect(await page.locator('[data-testid="host-filter"]').textContent()).toContain(address);
    const touching = tsharkCount(file, `ip.addr == ${address} && (tcp || udp)`);
    expect(touching).toBeGreaterThan(0);
    await page.locator('[data-testid="host-filter"] button').click();
    // the HTTP connection: its packets, then its stream
    await page.getByTestId('flows-search').fill(':80');
    await page.getByTestId('flows-search').fill('http');
    const row = page.locator('[role="row"][id^="flow-"]').first();
    await row.waitFor();
    await row.click();
    await page.getByRole('button', { name: 'Follow stream' }).click();
    const text = page.locator('[data-testid="stream-text"]');
    await text.waitFor();
    const requests = execFileSync(
      'tshark',
      ['-r', file, '-Y', 'http.request', '-T', 'fields', '-e', 'http.request.method', '-e', 'http.request.uri'],
      { encoding: 'utf8' },
    )
      .split('\n')
      .filter(Boolean)
      .map((l) => l.replace('\t', ' '));
    const first = (await text.locator('pre.a').first().textContent())!;
    const line = /^(\S+ \S+) HTTP\/1\.[01]\r\n/.exec(first);
    expect(line, first.slice(0, 80)).not.toBeNull();
    expect(requests).toContain(line![1]);
    expect(await text.textContent()).toMatch(/Host: /);
    await screenshot(page, 'i12-follow-stream-light');
    await page.getByRole('button', { name: 'Close' }).click();
    await row.click();
    await page.getByRole('button', { name: 'Show its packets' }).click();
    await page.waitForFunction(() => document.querySelector('main')?.dataset.currentView === 'packets');
    expect(await page.locator('[data-testid="host-filter"]').count()).toBe(2);
  });

  it('6. the protocol list shows what is there, in plain words; no match says so, with Clear filter', async () => {
    const { page } = browser;
    const labels = await page
      .locator('[data-filter="protocol"] option')
      .evaluateAll((o: PageElement[]) => o.map((x) => x.textContent ?? ''));
    expect(labels).toContain(`DNS: name lookups (${tsharkCount(samplePath('zeek-wikipedia.pcap'), 'dns')})`);
    expect(labels.some((l) => /wlan_radio|sll/.test(l))).toBe(false);
    await page.locator('[data-filter="port"]').fill('9');
    await page.locator('[data-filter="src"]').fill('192.0.2.99');
    await showView(page, 'packets');
    await page.getByTestId('empty-list').waitFor();
    expect(await page.getByTestId('empty-list').textContent()).toMatch(/No packets match the filter/);
    await screenshot(page, 'i12-no-match-packets-light');
    await page.getByTestId('empty-list').getByRole('button', { name: 'Clear filter' }).click();
    await until(
      async () => Number(await page.locator('[data-testid="packets-count"]').getAttribute('data-total')),
      (n) => n === 136,
      10_000,
      'all packets again',
    );
  });

  it('8. middle ellipsis keeps ":8000"; 9. UDP has one colour in every chart', async () => {
    const { page } = browser;
    const dir = tempDir('nl-i12-');
    const v6 = join(dir, 'v6-8000.pcap');
    writeIpv6Port8000(v6);
    await openFile(page, v6);
    await showView(page, 'connections');
    const cell = page.locator('#flow-0 [data-col="b"]');
    await cell.waitFor();
    const fit = await cell.evaluate((c: PageElement) => {
      const el = c as unknown as {
        querySelector(s: string): {
          textContent: string;
          scrollWidth: number;
          clientWidth: number;
          getBoundingClientRect(): { right: number };
        };
        getBoundingClientRect(): { right: number };
      };
      const head = el.querySelector('.head');
      const tail = el.querySelector('.tail');
      return {
        tail: tail.textContent,
        cut: head.scrollWidth > head.clientWidth,
        tailInside: tail.getBoundingClientRect().right <= el.getBoundingClientRect().right + 1,
      };
    });
    expect(fit.tail).toBe(']:8000');
    expect(fit.tailInside).toBe(true);
    expect(fit.cut).toBe(true);
    await screenshot(page, 'i12-middle-ellipsis-light');

    await openFile(page, samplePath('zeek-wikipedia.pcap'));
    await showView(page, 'dashboard');
    const legend = await page
      .locator('[data-chart="throughput"] .legend li', { hasText: 'UDP' })
      .first()
      .locator('.swatch')
      .getAttribute('data-color');
    const table = await page
      .locator('[data-testid="protocols"] tr[data-protocol="udp"] .swatch')
      .getAttribute('data-color');
    expect(legend).toBeTruthy();
    expect(table).toBe(legend);
  });

  it('10. packet details: a file opens at packet 1, a clicked byte marks its field', async () => {
    const { page } = browser;
    await showView(page, 'packets');
    const first = page.locator('#pkt-0 [role="gridcell"]').first();
    await first.waitFor();
    expect(num(await first.textContent())).toBe(1);
    await page.locator('#pkt-0').click();
    await page.locator('[data-testid="hex"]').waitFor();
    await page.locator('[data-testid="hex"] [data-off="12"]').first().click();
    const sel = page.locator('.node.sel');
    await sel.waitFor();
    expect(await sel.textContent()).toMatch(/^Type: (IPv4|IPv6|ARP) \(0x[0-9a-f]{4}\)$/);
    expect(await page.locator('[data-testid="hex"] .mark').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'i12-packet-bytes-light');
    await page.keyboard.press('?');
    await page.getByRole('heading', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
  });

  it('every view in both themes at 1280×800 and 1920×1080 (screenshots)', async () => {
    const { page } = browser;
    await openFile(page, samplePath('cs-arppoison.pcapng'));
    for (const [w, h] of [
      [1280, 800],
      [1920, 1080],
    ]) {
      await page.setViewportSize({ width: w, height: h });
      for (const theme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: theme });
        for (const view of ['dashboard', 'connections', 'packets', 'alerts', 'suggestions', 'settings']) {
          await showView(page, view);
          if (view === 'packets') await page.locator('#pkt-3').click();
          await new Promise((r) => setTimeout(r, 500));
          await screenshot(page, `i12-file-${view}-${theme}-${w}`);
        }
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'light' });
    expect(browser.problems).toEqual([]);
  });
});

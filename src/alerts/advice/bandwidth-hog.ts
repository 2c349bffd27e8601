/**
 * bandwidth-hog: during busy periods (half-windows carrying at least half of the busiest one's
 * bytes, and over 1 Mbit/s), one sender takes most of the bytes while others compete.
 */
import type { Suggestion } from '../../api/alerts.js';
import type { Analyzer } from '../../analysis/analyzer.js';
import type { RetiredGen } from '../host-window.js';
import { bitRate, cleanText, duration, pct, round3 } from '../summary-format.js';
import { growF64 } from '../windows.js';

const BUSY_FLOOR_BYTES_PER_SEC = 125_000;
const MIN_BUSY_SEC = 20;
const MIN_SHARE = 0.6;

export class BandwidthShare {
  private busyTx = new Float64Array(1024);
  private busyTotal = 0;
  private busySec = 0;
  private maxGenBytes = 0;

  /** A finished half-window of per-host counts. */
  retire(g: RetiredGen, halfSec: number): void {
    if (g.bytes > this.maxGenBytes) this.maxGenBytes = g.bytes;
    if (g.bytes < 0.5 * this.maxGenBytes || g.bytes / halfSec < BUSY_FLOOR_BYTES_PER_SEC) return;
    this.busyTotal += g.bytes;
    this.busySec += halfSec;
    if (g.n > this.busyTx.length) this.busyTx = growF64(this.busyTx, g.n);
    const busy = this.busyTx;
    const now = g.now;
    const base = g.base;
    const m = Math.min(g.n, g.baseN);
    for (let id = 0; id < m; id++) busy[id] += now[id] - base[id];
    for (let id = m; id < g.n; id++) busy[id] += now[id];
  }

  advice(an: Analyzer): Suggestion | null {
    if (this.busySec < MIN_BUSY_SEC || this.busyTotal <= 0) return null;
    let top = -1;
    let topBytes = 0;
    let others = 0;
    for (let id = 0; id < this.busyTx.length; id++) {
      const b = this.busyTx[id];
      if (b > topBytes) {
        topBytes = b;
        top = id;
      }
    }
    for (let id = 0; id < this.busyTx.length; id++)
      if (id !== top && this.busyTx[id] >= 0.01 * this.busyTotal) others++;
    const share = topBytes / this.busyTotal;
    if (top < 0 || share < MIN_SHARE || others < 2) return null;
    const addr = an.addresses.toString(top);
    const name = an.hostnames.get(addr);
    const who = name ? `${addr} (${cleanText(name, 80)})` : addr;
    // its main peer: the conversation with most bytes from it
    let peer = '';
    let peerBytes = 0;
    const ip = an.ipConversations;
    for (let c = 0; c < ip.end; c++) {
      if (!ip.isLive(c)) continue;
      const a = ip.a(c);
      const b = ip.b(c);
      const fromTop = a === top ? ip.bytesAtoB(c) : b === top ? ip.bytesBtoA(c) : 0;
      if (fromTop > peerBytes) {
        peerBytes = fromTop;
        peer = an.addresses.toString(a === top ? b : a);
      }
    }
    return {
      id: `s-bandwidth-hog-${addr}`,
      kind: 'bandwidth-hog',
      title: `One host takes most of the bandwidth: ${who}`,
      why: `During the busy ${duration(this.busySec)} of this capture, ${who} sent ${pct(topBytes, this.busyTotal)}% of all bytes (about ${bitRate(topBytes / this.busySec)}${peer ? `, mostly to ${peer}` : ''}) while ${others} other hosts shared the rest.`,
      action: `If others feel the network slow while it runs, give everyone a fair share: turn on smart queue management with per-host fairness on the router (cake with "dual-srchost"/"dual-dsthost", or the router's QoS page), limit that transfer in its own app, or schedule it for a quiet time.`,
      evidence: {
        host: addr,
        peer: peer || null,
        sharePct: pct(topBytes, this.busyTotal),
        bytes: topBytes,
        busyBytes: this.busyTotal,
        busySec: round3(this.busySec),
        otherSenders: others,
      },
    };
  }
}

/**
 * mtu: IP fragmentation and "fragmentation needed" / "packet too big" messages, the signs of a
 * path whose MTU is smaller than the sender assumed (VPNs, PPPoE DSL links, tunnels).
 */
import type { Suggestion } from '../../api/alerts.js';
import { count, listSome } from '../summary-format.js';

/** Fragmented datagrams below this count (and share) are left alone: a large ping now and then. */
const MIN_FRAGMENTED = 10;
const MIN_SHARE = 0.001;

export class MtuTracker {
  fragments = 0;
  /** Datagrams (first fragments). */
  fragmented = 0;
  fragNeeded = 0;
  readonly mtus = new Set<number>();
  readonly frames: number[] = [];

  fragment(first: boolean, frame: number): void {
    this.fragments++;
    if (first) {
      this.fragmented++;
      if (this.frames.length < 10) this.frames.push(frame);
    }
  }

  /** An ICMP "fragmentation needed" (IPv4 type 3 code 4) or ICMPv6 "packet too big", with the MTU it reports (0 if none). */
  tooBig(mtu: number, frame: number): void {
    this.fragNeeded++;
    if (mtu > 0 && this.mtus.size < 16) this.mtus.add(mtu);
    if (this.frames.length < 10) this.frames.push(frame);
  }

  /** `packets`: all packets of the capture so far (fragmentation matters when it is a noticeable share). */
  advice(packets: number): Suggestion | null {
    const many = this.fragmented >= MIN_FRAGMENTED && this.fragmented >= MIN_SHARE * packets;
    if (this.fragNeeded === 0 && !many) return null;
    const mtus = [...this.mtus].sort((a, b) => a - b);
    const parts: string[] = [];
    if (this.fragNeeded > 0)
      parts.push(
        `routers sent ${count(this.fragNeeded)} "fragmentation needed / packet too big" messages${mtus.length ? ` reporting an MTU of ${listSome(mtus)}` : ''}`,
      );
    if (this.fragmented > 0)
      parts.push(`${count(this.fragmented)} packets were split into ${count(this.fragments)} fragments`);
    const mtu = mtus[0];
    return {
      id: 's-mtu',
      kind: 'mtu',
      title: mtu ? `The path MTU is smaller than usual (${mtu} bytes)` : 'Packets are being fragmented',
      why: `In this capture ${parts.join(', and ')} (frames ${listSome(this.frames, 5)}). Fragments are slower, get lost more, and some firewalls drop them; blocked "too big" messages make connections hang.`,
      action: `If you use a VPN, a tunnel or a DSL (PPPoE) line, set the interface MTU to what the path carries${mtu ? ` (${mtu})` : ' (1492 for PPPoE, about 1400 for most VPNs)'} or turn on MSS clamping on the router; do not block ICMP "fragmentation needed" (type 3 code 4) or ICMPv6 "packet too big" in firewalls.`,
      evidence: {
        fragmentedPackets: this.fragmented,
        fragments: this.fragments,
        tooBigMessages: this.fragNeeded,
        reportedMtus: mtus,
        frames: this.frames.slice(),
      },
    };
  }
}

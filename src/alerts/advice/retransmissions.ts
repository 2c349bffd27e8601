/**
 * retransmissions: a high share of TCP data sent twice over the whole capture points at loss on
 * the local link: a weak or crowded Wi-Fi, interference, a bad cable or port.
 */
import type { Suggestion } from '../../api/alerts.js';
import type { Analyzer } from '../../analysis/analyzer.js';
import { count, pct } from '../summary-format.js';

/** 2% of data segments over at least 500: above what healthy links show (well under 1%). */
const MIN_SEGMENTS = 500;
const MIN_PCT = 2;

export class WifiSignal {
  count = 0;
  sum = 0;
  min = 0;

  sample(dbm: number): void {
    if (this.count === 0 || dbm < this.min) this.min = dbm;
    this.count++;
    this.sum += dbm;
  }
}

export function retransmissionAdvice(an: Analyzer, wifi: WifiSignal): Suggestion | null {
  let segs = 0;
  let retx = 0;
  let worst = -1;
  let worstRate = 0;
  const { size: n, tcpDataSegments, tcpRetransmissions } = an.addresses;
  for (let id = 0; id < n; id++) {
    const s = tcpDataSegments[id];
    const r = tcpRetransmissions[id];
    segs += s;
    retx += r;
    if (s >= 100 && r / s > worstRate) {
      worstRate = r / s;
      worst = id;
    }
  }
  // the analyzer's count includes repeated SYNs and FINs: never more than the data itself
  const rate = Math.min(100, pct(retx, segs));
  if (segs < MIN_SEGMENTS || rate < MIN_PCT) return null;
  const avg = wifi.count > 0 ? wifi.sum / wifi.count : null;
  const weak = avg !== null && avg < -70;
  const wifiText =
    avg === null
      ? ''
      : ` The Wi-Fi signal averaged ${Math.round(avg)} dBm (weakest ${wifi.min} dBm)${weak ? ', which is weak' : ''}.`;
  return {
    id: 's-retransmissions',
    kind: 'retransmissions',
    title: `Many TCP retransmissions (${rate}% of data)`,
    why: `${count(retx)} of ${count(segs)} TCP data segments had to be sent again (${rate}%; healthy links stay well under 1%)${worst >= 0 ? `, most from ${an.addresses.toString(worst)} (${pct(tcpRetransmissions[worst], tcpDataSegments[worst])}%)` : ''}. Each loss makes TCP slow down.${wifiText}`,
    action:
      weak || avg !== null
        ? 'Move closer to the access point or remove what is in between, switch to the 5 GHz band or a less crowded channel, or use a cable for heavy work.'
        : 'On Wi-Fi: move closer to the access point, use the 5 GHz band or a less crowded channel. On a cable: try another cable and switch port, and look for errors with "ip -s link" (or the switch\'s port counters).',
    evidence: {
      dataSegments: segs,
      retransmissions: retx,
      ratePct: rate,
      worstSender: worst >= 0 ? an.addresses.toString(worst) : null,
      wifiSignalAvgDbm: avg === null ? null : Math.round(avg),
      wifiSignalMinDbm: wifi.count ? wifi.min : null,
    },
  };
}

/** Collects the suggestions from what the engine measured; evaluated on demand (cheap, not per packet). */
import type { Suggestion } from '../../api/alerts.js';
import type { Analyzer } from '../../analysis/analyzer.js';
import type { DnsServerStats } from '../detectors/dns-anomaly.js';
import type { SecondHistory } from '../second-history.js';
import type { BandwidthShare } from './bandwidth-hog.js';
import { broadcastStormAdvice } from './broadcast-storm.js';
import { bufferbloatAdvice } from './bufferbloat.js';
import type { CleartextTracker } from './cleartext.js';
import { dnsSlowAdvice } from './dns-slow.js';
import type { MtuTracker } from './mtu.js';
import type { PathAdvisor } from './path-advice.js';
import { retransmissionAdvice, type WifiSignal } from './retransmissions.js';

export interface AdviceSources {
  analyzer: Analyzer;
  history: SecondHistory;
  share: BandwidthShare;
  cleartext: CleartextTracker;
  mtu: MtuTracker;
  wifi: WifiSignal;
  dnsServers: Map<number, DnsServerStats>;
  paths: PathAdvisor;
}

export function collectSuggestions(s: AdviceSources): Suggestion[] {
  const addr = (id: number): string => s.analyzer.addresses.toString(id);
  const out: Suggestion[] = [];
  const push = (x: Suggestion | null): void => {
    if (x !== null) out.push(x);
  };
  push(bufferbloatAdvice(s.history));
  push(s.share.advice(s.analyzer));
  out.push(...s.cleartext.advice(addr));
  push(retransmissionAdvice(s.analyzer, s.wifi));
  out.push(...dnsSlowAdvice(s.dnsServers, addr));
  push(broadcastStormAdvice(s.history));
  push(s.mtu.advice(s.analyzer.packets));
  push(s.paths.advice());
  return out;
}

/**
 * The verdict: where the trouble on the path to a target starts, in words, with the evidence.
 *
 * It reads the recent rounds (the series: the last minute at the default rate) the way mtr teaches
 * to read its table: only delay and loss that continue to the later hops are real. So for each hop
 * the delay "kept" from there on is the least average RTT of it and every later hop (a router that
 * answers slowly itself does not count), and the loss kept is the least loss; the trouble starts at
 * the first hop whose kept delay (or loss) jumps. Then the hop's place names it:
 * - hop 1 is your router, over your Wi-Fi or cable ("home"; with the Wi-Fi link's signal);
 * - hops 2 to PROVIDER_HOPS + 1 (or, where the network operator is known, the hops in hop 2's AS)
 *   are your provider's;
 * - later routers are "the internet" between networks (distance adds delay there: an ocean
 *   crossing is 70 ms or more, and that is not a fault);
 * - a delay added by the destination itself, when other internet targets are fine, is that site.
 * Tied to load: when the rounds taken while this machine moved a lot of data show the delay and the
 * idle rounds do not, it is bufferbloat (the queue in your router), not the provider.
 */
import { mostTelling, type PathSnapshot, type PathVerdict, type VerdictPlace } from '../../api/path.js';
import type { ProbeTargetStats } from '../../api/probe.js';
import { WEAK_SIGNAL_DBM, type WifiLink } from '../../api/wifi.js';

/** Hop 1 (the router) slower than this is a problem at home: a healthy LAN or Wi-Fi hop answers in a few ms. */
export const HOME_SLOW_MS = 20;
/** A jump in kept delay at a provider or later hop from this much on. */
export const STEP_MS = 30;
/** Kept loss from this much on. */
export const LOSS_MIN_PCT = 2;
/** Provider hops when no operator (AS) is known: hops 2 and 3, as most access networks look. */
export const PROVIDER_HOPS = 2;
/** Answered probes a hop needs in the window to be read. */
export const MIN_ANSWERS = 3;
/** A channel busier than this (%) is crowded. */
export const CROWDED_BUSY_PCT = 50;

export type LoadState = 'idle' | 'loaded' | null;

export interface VerdictInputs {
  path: PathSnapshot;
  /** The ping series to the same host, when probed (its RTTs are exact even where the path's last hop is silent). */
  destination?: ProbeTargetStats | null;
  /** The other internet targets, to tell "only this site" from "everything". */
  others?: ProbeTargetStats[];
  wifi?: WifiLink | null;
  /** Whether this machine was moving much data at time t (from the traffic counters), for bufferbloat. */
  loadAt?: (t: number) => LoadState;
}

interface HopView {
  ttl: number;
  address: string | null;
  asn: number | null;
  org: string | null;
  avg: number | null;
  lossPct: number | null;
  answers: number;
  destination: boolean;
  /** The destination's own ping series standing in for a destination the path probes never reached. */
  virtual: boolean;
}

interface Finding {
  place: VerdictPlace;
  index: number;
  addedMs: number | null;
  lossPct: number | null;
}

export function pathVerdict(i: VerdictInputs): PathVerdict {
  if (i.path.end) return endVerdict(i.path, i.path.end);
  const all = hopViews(i.path, i.destination ?? null, () => true);
  const found = findTrouble(all, i.path, i.others ?? []);
  if (i.loadAt && found.place !== 'none') {
    const idle = findTrouble(
      hopViews(i.path, null, (t) => i.loadAt!(t) === 'idle'),
      i.path,
      i.others ?? [],
    );
    const loaded = hopViews(i.path, null, (t) => i.loadAt!(t) === 'loaded');
    const loadedFound = findTrouble(loaded, i.path, i.others ?? []);
    const idleAnswers =
      all.length > 0 && hopViews(i.path, null, (t) => i.loadAt!(t) === 'idle').some((h) => h.answers >= MIN_ANSWERS);
    if (idleAnswers && idle.place === 'none' && loadedFound.place !== 'none') return loadVerdict(i, all, loadedFound);
  }
  return describe(i, all, found);
}

/** Per hop, the figures of the rounds `keep` selects (plus the destination's own pings as the last hop). */
function hopViews(path: PathSnapshot, dest: ProbeTargetStats | null, keep: (t: number) => boolean): HopView[] {
  const out: HopView[] = path.hops.map((h, k) => {
    let sum = 0;
    let answers = 0;
    let probed = 0;
    const row = path.series.rtt[k] ?? [];
    for (let r = 0; r < row.length; r++) {
      const v = row[r];
      if (v === -1 || !keep(path.series.t[r])) continue;
      probed++;
      if (v !== null) {
        sum += v;
        answers++;
      }
    }
    return {
      ttl: h.ttl,
      address: h.address,
      asn: h.asn,
      org: h.org,
      avg: answers > 0 ? sum / answers : null,
      lossPct: probed > 0 ? (100 * (probed - answers)) / probed : null,
      answers,
      destination: h.destination,
      virtual: false,
    };
  });
  if (!path.reached && dest && dest.received >= MIN_ANSWERS) {
    const rtts = dest.series.filter((s) => s.rttMs !== null && keep(s.t)).map((s) => s.rttMs as number);
    const n = dest.series.filter((s) => keep(s.t)).length;
    if (rtts.length >= MIN_ANSWERS) {
      out.push({
        ttl: (out[out.length - 1]?.ttl ?? 0) + 1,
        address: dest.address,
        asn: null,
        org: null,
        avg: rtts.reduce((a, b) => a + b, 0) / rtts.length,
        lossPct: (100 * (n - rtts.length)) / n,
        answers: rtts.length,
        destination: true,
        virtual: true,
      });
    }
  }
  return out;
}

function findTrouble(hops: HopView[], path: PathSnapshot, others: ProbeTargetStats[]): Finding {
  const read = hops.filter((h) => h.answers >= MIN_ANSWERS && h.avg !== null);
  if (read.length === 0) return { place: 'none', index: -1, addedMs: null, lossPct: null };
  // the delay and loss kept from each hop to the end: the least of it and every later hop
  const keptMs: number[] = new Array(read.length);
  const keptLoss: number[] = new Array(read.length);
  for (let k = read.length - 1; k >= 0; k--) {
    keptMs[k] = Math.min(read[k].avg!, k + 1 < read.length ? keptMs[k + 1] : Infinity);
    keptLoss[k] = Math.min(read[k].lossPct ?? 0, k + 1 < read.length ? keptLoss[k + 1] : Infinity);
  }
  for (let k = 0; k < read.length; k++) {
    const place = placeOf(read, k, path);
    const step = keptMs[k] - (k > 0 ? keptMs[k - 1] : 0);
    const lossStep = keptLoss[k] - (k > 0 ? keptLoss[k - 1] : 0);
    const threshold = place === 'home' ? HOME_SLOW_MS : STEP_MS;
    const slow = step >= threshold;
    const lossy = lossStep >= LOSS_MIN_PCT;
    if (!slow && !lossy) continue;
    // Distance is not a fault: beyond the provider only loss counts, and delay only where the
    // destination itself adds it (its own answer slower than the router just before it), or,
    // measured by its pings past routers that stay silent, where it is slower than the other targets.
    if (!lossy && place === 'internet') continue;
    if (!lossy && place === 'destination' && read[k].virtual && !slowerThanOthers(read[k].avg!, others)) continue;
    return {
      place,
      index: hops.indexOf(read[k]),
      addedMs: slow ? step : null,
      lossPct: lossy ? keptLoss[k] : null,
    };
  }
  return { place: 'none', index: -1, addedMs: null, lossPct: null };
}

function placeOf(read: HopView[], k: number, path: PathSnapshot): VerdictPlace {
  const h = read[k];
  if (h.destination) return 'destination';
  if (h.ttl === 1) return 'home';
  const hop2 = path.hops.find((x) => x.ttl === 2);
  if (hop2?.asn != null && h.asn != null) return h.asn === hop2.asn ? 'provider' : 'internet';
  return h.ttl <= PROVIDER_HOPS + 1 ? 'provider' : 'internet';
}

/** The other internet targets answer faster by at least STEP_MS (and there is at least one). */
function slowerThanOthers(avg: number, others: ProbeTargetStats[]): boolean {
  const fine = others.filter((o) => o.rttMs.mean !== null && o.received >= MIN_ANSWERS);
  return fine.length > 0 && fine.every((o) => avg - (o.rttMs.mean as number) >= STEP_MS);
}

const PLACE_WORDS: Record<VerdictPlace, string> = {
  home: 'your home network',
  provider: 'your provider',
  internet: 'the internet beyond your provider',
  destination: 'the destination',
  load: 'your connection under load',
  none: 'nowhere',
};

function describe(i: VerdictInputs, hops: HopView[], f: Finding): PathVerdict {
  const host = i.path.host;
  const base = { host, place: f.place, addedMs: round(f.addedMs), lossPct: round(f.lossPct) };
  if (f.place === 'none') {
    const last = [...hops].reverse().find((h) => h.avg !== null);
    return {
      ...base,
      hop: null,
      hopAddress: null,
      title: `The path to ${host} looks healthy`,
      why:
        last && last.avg !== null
          ? `${hops.length} hops, ${ms(last.avg)} to ${last.destination ? host : `hop ${last.ttl}`}, and no delay or loss that continues along the path.`
          : `Not enough answers yet to read the path to ${host}.`,
      action: 'Nothing to fix on this path.',
      evidence: { hops: hops.length, rttMs: round(last?.avg ?? null) },
    };
  }
  const h = hops[f.index];
  const what = whatText(f);
  const at = `hop ${h.ttl}${h.address ? ` (${h.address}${h.org ? `, ${h.org}` : ''}${h.asn ? `, AS${h.asn}` : ''})` : ''}`;
  const evidence: PathVerdict['evidence'] = {
    hop: h.ttl,
    hopAddress: h.address,
    addedMs: round(f.addedMs),
    lossPct: round(f.lossPct),
    hopRttMs: round(h.avg),
  };
  let title: string;
  let action: string;
  const kind = f.addedMs !== null && f.lossPct !== null ? 'delay and loss' : f.addedMs !== null ? 'delay' : 'loss';
  let why = `The ${kind} (${what}) starts at ${at} and continues to ${i.path.reached || hops[hops.length - 1]?.destination ? host : 'the last hop that answers'}; the hops before it are fine.`;
  switch (f.place) {
    case 'home': {
      const w = i.wifi;
      const wifiText =
        w && w.connected && w.signalDbm !== null
          ? ` while your Wi-Fi signal is ${w.signalDbm} dBm${w.band ? ` on ${w.band}` : ''}${w.channel !== null ? ` channel ${w.channel}` : ''}`
          : '';
      title = `The ${f.addedMs !== null ? 'delay' : 'loss'} starts at your ${w?.connected ? 'Wi-Fi ' : ''}router (hop 1: ${what}${wifiText})`;
      action = homeAction(w ?? null);
      if (w?.connected) {
        evidence.wifiSignalDbm = w.signalDbm;
        evidence.wifiBand = w.band;
        evidence.wifiChannel = w.channel;
        evidence.wifiChannelBusyPct = round(w.channelBusyPct);
      }
      break;
    }
    case 'provider':
      title = `The ${f.addedMs !== null ? 'delay' : 'loss'} starts at hop ${h.ttl} (your provider${h.asn ? `, AS${h.asn}` : ''}${h.org ? ` ${h.org}` : ''}), not in your home`;
      action =
        'Your home network is fine (hop 1 answers quickly). Note the times it happens and tell your provider: show them this hop table. Restarting your modem sometimes helps.';
      break;
    case 'internet':
      title = `Loss starts at hop ${h.ttl}, beyond your provider`;
      action =
        'Neither your home nor your provider: a link between networks on the way to this site. It usually passes; if it lasts, tell your provider, who can route around it.';
      break;
    case 'destination':
    default: {
      const othersFine = slowerThanOthers(h.avg ?? 0, i.others ?? []);
      const trouble = f.addedMs !== null ? 'slow' : 'losing packets';
      title = othersFine
        ? `Only ${host} is ${trouble}; the rest of the internet is fine`
        : `${host} itself is ${trouble}`;
      why = `The ${kind} (${what}) is added by ${host} itself, after the last router on the way${othersFine ? ', while the other targets answer quickly' : ''}.`;
      action =
        'Nothing on your side to fix: the site or its server is slow or busy. Try again later, or another server of it.';
      break;
    }
  }
  return { ...base, hop: h.ttl, hopAddress: h.address, title, why, action, evidence };
}

/** A router says the destination cannot be reached: the place is that router's. */
function endVerdict(path: PathSnapshot, end: { ttl: number; reason: string }): PathVerdict {
  const h = path.hops.find((x) => x.ttl === end.ttl) ?? null;
  const place: VerdictPlace =
    end.ttl === 1
      ? 'home'
      : h?.asn != null && h.asn !== path.hops[1]?.asn
        ? 'internet'
        : end.ttl <= PROVIDER_HOPS + 1
          ? 'provider'
          : 'internet';
  const at = `hop ${end.ttl}${h?.address ? ` (${h.address})` : ''}`;
  return {
    host: path.host,
    place,
    hop: end.ttl,
    hopAddress: h?.address ?? null,
    addedMs: null,
    lossPct: 100,
    title: `${path.host} cannot be reached: ${at} says "${end.reason}"`,
    why: `Every probe beyond ${at} comes back with "${end.reason}": ${place === 'home' ? 'your router' : place === 'provider' ? 'your provider' : 'a network on the way'} has no way on to ${path.host}.`,
    action:
      place === 'home'
        ? "Check your router's internet connection (its status page, the cable to the modem), then restart it."
        : place === 'provider'
          ? "Your home network works up to your provider: check the provider's status page or call them."
          : 'The trouble is outside your home and your provider; it usually passes. Try again later.',
    evidence: { hop: end.ttl, hopAddress: h?.address ?? null, reason: end.reason },
  };
}

function loadVerdict(i: VerdictInputs, hops: HopView[], f: Finding): PathVerdict {
  const h = hops[f.index];
  const where = h ? `hop ${h.ttl}${h.address ? ` (${h.address})` : ''}` : 'the path';
  return {
    host: i.path.host,
    place: 'load',
    hop: h?.ttl ?? null,
    hopAddress: h?.address ?? null,
    addedMs: round(f.addedMs),
    lossPct: round(f.lossPct),
    title: 'The delay comes only while this machine moves a lot of data: bufferbloat, not your provider',
    why: `While this machine was downloading or uploading, ${whatText(f)} appeared from ${where} on; in the idle moments the same hops were fine. Packets wait in an oversized queue (usually in your router) whenever the link is full.`,
    action:
      'Turn on smart queue management (SQM, with cake or fq_codel) in your router: see the bufferbloat suggestion for the bandwidth to set.',
    evidence: { hop: h?.ttl ?? null, addedMs: round(f.addedMs), lossPct: round(f.lossPct), underLoadOnly: true },
  };
}

function homeAction(w: WifiLink | null): string {
  if (!w || !w.connected) {
    return 'Your router answers slowly even on its own network: restart it, check the cable and its port, and see whether another device on your network is using all of it.';
  }
  const tips: string[] = [];
  if (w.signalDbm !== null && w.signalDbm < WEAK_SIGNAL_DBM)
    tips.push(`move closer to the router (${w.signalDbm} dBm is weak; −67 dBm or better is good for calls)`);
  if (w.channelBusyPct !== null && w.channelBusyPct >= CROWDED_BUSY_PCT)
    tips.push(`change the router's channel (this one is busy ${Math.round(w.channelBusyPct)}% of the time)`);
  if (w.band === '2.4 GHz') tips.push('use the 5 GHz band if your router has it (2.4 GHz is slower and more crowded)');
  if (tips.length === 0) tips.push("move closer or change the router's channel", 'or use a cable for calls and games');
  return `${cap(tips.join('; '))}.`;
}

function whatText(f: Finding): string {
  const parts: string[] = [];
  if (f.addedMs !== null) parts.push(`+${ms(f.addedMs)}`);
  if (f.lossPct !== null) parts.push(`${Math.round(f.lossPct * 10) / 10}% loss`);
  return parts.join(' and ');
}

/** The most telling of several targets' verdicts: home, then provider, load, destination, internet. */
export function overallVerdict(verdicts: PathVerdict[]): PathVerdict | null {
  return mostTelling(verdicts);
}

export function placeWords(p: VerdictPlace): string {
  return PLACE_WORDS[p];
}

function ms(v: number): string {
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`;
}

function round(v: number | null): number | null {
  return v === null ? null : Math.round(v * 10) / 10;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

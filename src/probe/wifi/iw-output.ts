/**
 * Linux: what `iw` prints about a station's link (iw's formats: "key: value" lines under a heading).
 * - `iw dev IF link`: "Connected to BSSID (on IF)" then SSID, freq, signal, rx/tx bitrate; or "Not connected.";
 * - `iw dev IF info`: "channel 36 (5180 MHz), width: 80 MHz, center1: 5210 MHz", "ssid NAME";
 * - `iw dev IF station dump`: per-station counters: tx retries, tx failed, signal avg;
 * - `iw dev IF survey dump`: per-frequency noise and channel busy time ("[in use]" marks ours).
 * Unknown lines are skipped and missing fields stay null: nothing here throws.
 */
import type { WifiLink } from '../../api/wifi.js';
import { completeChannel, emptyLink, keyValues, mac, num, realName } from './wifi-channel.js';

/** "866.7 MBit/s VHT-MCS 9 80MHz short GI VHT-NSS 2" → rate, width and the standard it implies. */
export function parseBitrate(text: string | undefined): {
  rateMbps: number | null;
  widthMhz: number | null;
  standard: string | null;
} {
  if (!text) return { rateMbps: null, widthMhz: null, standard: null };
  const rate = /(\d+(?:\.\d+)?)\s*MBit\/s/i.exec(text);
  const width = /\b(\d+)\s*MHz\b/i.exec(text);
  const standard = /\bEHT-MCS\b/.test(text)
    ? '802.11be'
    : /\bHE-MCS\b/.test(text)
      ? '802.11ax'
      : /\bVHT-MCS\b/.test(text)
        ? '802.11ac'
        : /\bMCS\b/.test(text)
          ? '802.11n'
          : null;
  return {
    rateMbps: rate ? Number(rate[1]) : null,
    // HT/VHT/HE rates name their width only when it is over 20 MHz
    widthMhz: width ? Number(width[1]) : standard !== null ? 20 : null,
    standard,
  };
}

/** `iw dev IF link`. */
export function parseIwLink(text: string, iface: string | null = null): WifiLink {
  const head = /Connected to ([0-9a-f:]{17})(?:\s+\(on ([^)\s]+)\))?/i.exec(text);
  const link = emptyLink(head?.[2] ?? iface);
  if (!head) return link; // "Not connected." (or nothing readable)
  const kv = keyValues(text);
  link.connected = true;
  link.bssid = mac(head[1]);
  link.ssid = realName(kv.get('ssid'));
  link.freqMhz = num(kv.get('freq'));
  if (link.freqMhz !== null) link.freqMhz = Math.round(link.freqMhz);
  link.signalDbm = num(kv.get('signal'));
  const tx = parseBitrate(kv.get('tx bitrate'));
  const rx = parseBitrate(kv.get('rx bitrate'));
  link.txRateMbps = tx.rateMbps;
  link.rxRateMbps = rx.rateMbps;
  link.widthMhz = tx.widthMhz ?? rx.widthMhz;
  link.standard = tx.standard ?? rx.standard;
  if (link.standard === null && (tx.rateMbps !== null || rx.rateMbps !== null) && link.freqMhz !== null) {
    link.standard = link.freqMhz < 3000 ? '802.11g' : '802.11a';
  }
  return completeChannel(link);
}

/** `iw dev IF info`: the channel, its width and the SSID (what `link` lacks on older iw). */
export function parseIwInfo(text: string): {
  ssid: string | null;
  channel: number | null;
  freqMhz: number | null;
  widthMhz: number | null;
} {
  const ch = /^\s*channel\s+(\d+)\s+\((\d+(?:\.\d+)?)\s*MHz\)(?:,\s*width:\s*(\d+)\s*MHz)?/im.exec(text);
  const ssid = /^\s*ssid\s+(.+)$/im.exec(text);
  return {
    ssid: realName(ssid?.[1]),
    channel: ch ? Number(ch[1]) : null,
    freqMhz: ch ? Math.round(Number(ch[2])) : null,
    widthMhz: ch?.[3] ? Number(ch[3]) : null,
  };
}

/** `iw dev IF station dump`: the access point's entry (the first station, or the one for `bssid`). */
export function parseIwStationDump(
  text: string,
  bssid: string | null = null,
): {
  signalDbm: number | null;
  signalAvgDbm: number | null;
  txRetries: number | null;
  txFailed: number | null;
  txRateMbps: number | null;
  rxRateMbps: number | null;
} | null {
  const blocks = text.split(/^(?=Station\s)/m).filter((b) => /^Station\s/.test(b));
  const block = blocks.find((b) => bssid !== null && mac(b.slice(8, 30)) === bssid) ?? blocks[0];
  if (!block) return null;
  const kv = keyValues(block);
  return {
    signalDbm: num(kv.get('signal')),
    signalAvgDbm: num(kv.get('signal avg')),
    txRetries: num(kv.get('tx retries')),
    txFailed: num(kv.get('tx failed')),
    txRateMbps: parseBitrate(kv.get('tx bitrate')).rateMbps,
    rxRateMbps: parseBitrate(kv.get('rx bitrate')).rateMbps,
  };
}

/** `iw dev IF survey dump`: noise and channel busy share of the frequency in use. */
export function parseIwSurvey(text: string): { noiseDbm: number | null; busyPct: number | null } | null {
  const blocks = text.split(/^(?=\s*frequency:)/m);
  const inUse = blocks.find((b) => /^\s*frequency:.*\[in use\]/m.test(b));
  if (!inUse) return null;
  const kv = keyValues(inUse);
  const active = num(kv.get('channel active time'));
  const busy = num(kv.get('channel busy time'));
  return {
    noiseDbm: num(kv.get('noise')),
    busyPct: active !== null && busy !== null && active > 0 ? Math.min(100, (100 * busy) / active) : null,
  };
}

/** The link from all four outputs (any of the last three may be null: not run, or failed). */
export function iwLink(
  iface: string,
  link: string,
  info: string | null,
  stations: string | null,
  survey: string | null,
): WifiLink {
  const out = parseIwLink(link, iface);
  if (!out.connected) return out;
  if (info !== null) {
    const i = parseIwInfo(info);
    out.ssid ??= i.ssid;
    out.widthMhz = i.widthMhz ?? out.widthMhz;
    if (out.freqMhz === null && i.freqMhz !== null) {
      out.freqMhz = i.freqMhz;
      out.channel = i.channel;
    }
  }
  const st = stations !== null ? parseIwStationDump(stations, out.bssid) : null;
  if (st) {
    out.signalDbm ??= st.signalAvgDbm ?? st.signalDbm;
    out.txRetries = st.txRetries;
    out.txFailed = st.txFailed;
    out.txRateMbps ??= st.txRateMbps;
    out.rxRateMbps ??= st.rxRateMbps;
  }
  const sv = survey !== null ? parseIwSurvey(survey) : null;
  if (sv) {
    out.noiseDbm = sv.noiseDbm;
    out.channelBusyPct = sv.busyPct;
  }
  return completeChannel(out);
}

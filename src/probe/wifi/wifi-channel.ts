/** Wi-Fi channel arithmetic (IEEE 802.11 channel numbering) and the empty link every parser starts from. */
import type { WifiBand, WifiLink } from '../../api/wifi.js';

export function bandOf(freqMhz: number): WifiBand | null {
  if (freqMhz >= 2400 && freqMhz <= 2500) return '2.4 GHz';
  if (freqMhz >= 5150 && freqMhz <= 5925) return '5 GHz';
  if (freqMhz > 5925 && freqMhz <= 7125) return '6 GHz';
  return null;
}

/** The channel number of a centre frequency: 2.4 GHz from 2407 (14 at 2484), 5 GHz from 5000, 6 GHz from 5950. */
export function channelOf(freqMhz: number): number | null {
  const band = bandOf(freqMhz);
  if (band === '2.4 GHz') return freqMhz === 2484 ? 14 : Math.round((freqMhz - 2407) / 5);
  if (band === '5 GHz') return Math.round((freqMhz - 5000) / 5);
  if (band === '6 GHz') return freqMhz === 5935 ? 2 : Math.round((freqMhz - 5950) / 5);
  return null;
}

/** The centre frequency of a channel in a band. */
export function freqOf(band: WifiBand, channel: number): number {
  if (band === '2.4 GHz') return channel === 14 ? 2484 : 2407 + 5 * channel;
  if (band === '5 GHz') return 5000 + 5 * channel;
  return channel === 2 ? 5935 : 5950 + 5 * channel;
}

/** "2.4", "2", "2GHz", "5 GHz", "6g" → the band. */
export function bandFromText(text: string): WifiBand | null {
  const m = /^\s*(2(?:\.4)?|5|6)\s*(?:g|ghz)?\b/i.exec(text);
  if (!m) return null;
  return m[1].startsWith('2') ? '2.4 GHz' : m[1] === '5' ? '5 GHz' : '6 GHz';
}

export function emptyLink(iface: string | null): WifiLink {
  return {
    interface: iface,
    connected: false,
    ssid: null,
    bssid: null,
    freqMhz: null,
    band: null,
    channel: null,
    widthMhz: null,
    signalDbm: null,
    noiseDbm: null,
    txRateMbps: null,
    rxRateMbps: null,
    standard: null,
    security: null,
    channelBusyPct: null,
    txRetries: null,
    txFailed: null,
  };
}

/** Fills band and channel from the frequency, or the frequency from band and channel. */
export function completeChannel(link: WifiLink): WifiLink {
  if (link.freqMhz !== null) {
    link.band ??= bandOf(link.freqMhz);
    link.channel ??= channelOf(link.freqMhz);
  } else if (link.band !== null && link.channel !== null) {
    link.freqMhz = freqOf(link.band, link.channel);
  }
  return link;
}

/** A number in `text`, or null (never NaN). */
export function num(text: string | undefined): number | null {
  if (text === undefined) return null;
  const m = /-?\d+(?:\.\d+)?/.exec(text);
  if (!m) return null;
  const v = Number(m[0]);
  return Number.isFinite(v) ? v : null;
}

/** "Key : value" lines → a map of trimmed keys (lower case) to values (first occurrence wins). */
export function keyValues(text: string, separator = /\s*:\s+|\s*:$/): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const m = separator.exec(line);
    if (!m || m.index === 0) continue;
    const key = line.slice(0, m.index).trim().toLowerCase();
    if (!out.has(key)) out.set(key, line.slice(m.index + m[0].length).trim());
  }
  return out;
}

/** SSIDs the OS hides rather than names. */
export function realName(v: string | undefined): string | null {
  if (v === undefined) return null;
  const s = v.trim();
  if (s === '' || /^<?(?:redacted|none|null|unknown)>?$/i.test(s)) return null;
  return s;
}

export function mac(v: string | undefined): string | null {
  const m = v ? /([0-9a-f]{1,2}(?::[0-9a-f]{1,2}){5})/i.exec(v) : null;
  if (!m) return null;
  return m[1]
    .split(':')
    .map((p) => p.padStart(2, '0').toLowerCase())
    .join(':');
}

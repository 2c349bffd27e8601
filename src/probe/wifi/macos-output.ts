/**
 * macOS: what the system reports about the Wi-Fi link.
 * - `wdutil info` (needs root; the richest): a WIFI section of "Key : value" lines: SSID, BSSID,
 *   RSSI "-55 dBm", Noise "-94 dBm", CCA "12 %", Tx Rate "866.0 Mbps", Security, PHY Mode "11ac",
 *   Channel "5g36/80" (band, channel, width). Recent macOS shows "<redacted>" for SSID and BSSID
 *   unless the app may read the location.
 * - `system_profiler SPAirPortDataType` (any user): per interface "Status: Connected" and a
 *   "Current Network Information:" block: the SSID as a heading, then PHY Mode, Channel
 *   "36 (5GHz, 80MHz)", Security, "Signal / Noise: -55 dBm / -94 dBm", Transmit Rate.
 * Unknown lines are skipped and missing fields stay null: nothing here throws.
 */
import type { WifiLink } from '../../api/wifi.js';
import { bandFromText, completeChannel, emptyLink, keyValues, mac, num, realName } from './wifi-channel.js';

/** "11ax" → "802.11ax"; "802.11ac" stays. */
function standardName(v: string | undefined): string | null {
  const m = v ? /(?:802\.)?(11[a-z]{1,2})\b/i.exec(v) : null;
  return m ? `802.${m[1].toLowerCase()}` : null;
}

/** The WIFI section of `wdutil info`. */
export function parseWdutilInfo(text: string): WifiLink {
  // sections are separated by rules of dashes, each headed by its name (NETWORK, WIFI, BLUETOOTH, ...)
  const sections = text.split(/^\s*[\u2014\u2013_=-]{8,}\s*$/m);
  const wifi = sections.find((s) => /^\s*WIFI\s*$/m.test(s.split(/\r?\n/).find((l) => l.trim() !== '') ?? ''));
  const kv = keyValues(wifi ?? text, /\s+:\s+|\s+:$/);
  const link = emptyLink(kv.get('interface name') ?? null);
  const rssi = num(kv.get('rssi'));
  const ssid = kv.get('ssid');
  const power = kv.get('power');
  link.connected = rssi !== null && rssi !== 0 && !/^off/i.test(power ?? '') && !/^none$/i.test(ssid ?? '');
  if (!link.connected) return link;
  link.ssid = realName(ssid);
  link.bssid = mac(kv.get('bssid'));
  link.signalDbm = rssi;
  link.noiseDbm = num(kv.get('noise'));
  link.channelBusyPct = num(kv.get('cca'));
  link.txRateMbps = num(kv.get('tx rate'));
  link.security = realName(kv.get('security'));
  link.standard = standardName(kv.get('phy mode'));
  const ch = /^(2|5|6)g(\d+)(?:\/(\d+))?/i.exec(kv.get('channel') ?? '');
  if (ch) {
    link.band = bandFromText(ch[1]);
    link.channel = Number(ch[2]);
    link.widthMhz = ch[3] ? Number(ch[3]) : null;
  }
  return completeChannel(link);
}

/** `system_profiler SPAirPortDataType`: the first interface that is connected (or the first at all). */
export function parseSystemProfiler(text: string): WifiLink {
  const lines = text.split(/\r?\n/);
  const ifaces: { name: string; start: number; indent: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)(en\d+|wl\w+):\s*$/.exec(lines[i]);
    if (m) ifaces.push({ name: m[2], start: i, indent: m[1].length });
  }
  const blocks = ifaces.map((f, k) => ({
    name: f.name,
    lines: lines.slice(f.start + 1, k + 1 < ifaces.length ? ifaces[k + 1].start : lines.length),
  }));
  const pick = blocks.find((b) => b.lines.some((l) => /^\s*Status:\s*Connected/i.test(l))) ?? blocks[0];
  const link = emptyLink(pick?.name ?? null);
  if (!pick || !pick.lines.some((l) => /^\s*Status:\s*Connected/i.test(l))) return link;
  const at = pick.lines.findIndex((l) => /^\s*Current Network Information:\s*$/.test(l));
  if (at < 0) return link;
  link.connected = true;
  const baseIndent = indentOf(pick.lines[at]);
  const block: string[] = [];
  for (let i = at + 1; i < pick.lines.length; i++) {
    const l = pick.lines[i];
    if (l.trim() !== '' && indentOf(l) <= baseIndent) break;
    block.push(l);
  }
  const heading = block.find((l) => /:\s*$/.test(l));
  if (heading) link.ssid = realName(heading.trim().slice(0, -1));
  const kv = keyValues(block.join('\n'));
  link.standard = standardName(kv.get('phy mode'));
  link.security = realName(kv.get('security'));
  link.bssid = mac(kv.get('bssid'));
  link.txRateMbps = num(kv.get('transmit rate'));
  const sn = /(-?\d+)\s*dBm\s*\/\s*(-?\d+)\s*dBm/i.exec(kv.get('signal / noise') ?? '');
  if (sn) {
    link.signalDbm = Number(sn[1]);
    link.noiseDbm = Number(sn[2]);
  }
  const ch = /^(\d+)\s*\(([^,)]+)(?:,\s*(\d+)\s*MHz)?\)/i.exec(kv.get('channel') ?? '');
  if (ch) {
    link.channel = Number(ch[1]);
    link.band = bandFromText(ch[2]);
    link.widthMhz = ch[3] ? Number(ch[3]) : null;
  }
  return completeChannel(link);
}

function indentOf(line: string): number {
  return /^\s*/.exec(line)![0].length;
}

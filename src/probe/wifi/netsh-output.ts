/**
 * Windows: `netsh wlan show interfaces`, one block of "Name : value" lines per wireless interface:
 * Name, Physical address, State ("connected", "disconnected", ...), SSID, AP BSSID (older Windows:
 * BSSID), Band ("5 GHz", Windows 11), Channel, Radio type ("802.11ax"), Authentication, Receive /
 * Transmit rate (Mbps), Signal ("96%"), Rssi ("-38", Windows 11). Where there is no Rssi, the
 * signal quality converts to dBm the way Windows derives it (quality = 2 × (dBm + 100)).
 * English output only (netsh translates its labels); unknown lines are skipped: nothing here throws.
 */
import type { WifiLink } from '../../api/wifi.js';
import { bandFromText, completeChannel, emptyLink, keyValues, mac, num, realName } from './wifi-channel.js';

/** Every interface netsh lists, in its order. */
export function parseNetshInterfaces(text: string): WifiLink[] {
  const blocks = text.split(/^(?=\s*Name\s+:)/m).filter((b) => /^\s*Name\s+:/.test(b));
  return blocks.map(parseBlock);
}

/** The interface named `name`, else the first connected one, else the first. */
export function pickNetshInterface(links: WifiLink[], name: string | null): WifiLink | null {
  return (
    (name ? links.find((l) => l.interface === name) : undefined) ?? links.find((l) => l.connected) ?? links[0] ?? null
  );
}

function parseBlock(block: string): WifiLink {
  const kv = keyValues(block, /\s+:\s+|\s+:$/);
  const link = emptyLink(kv.get('name') ?? null);
  link.connected = /^connected$/i.test(kv.get('state') ?? '');
  if (!link.connected) return link;
  link.ssid = realName(kv.get('ssid'));
  link.bssid = mac(kv.get('ap bssid') ?? kv.get('bssid'));
  link.band = bandFromText(kv.get('band') ?? '');
  link.channel = num(kv.get('channel'));
  link.standard = realName(kv.get('radio type'));
  link.security = realName(kv.get('authentication'));
  link.rxRateMbps = num(kv.get('receive rate (mbps)'));
  link.txRateMbps = num(kv.get('transmit rate (mbps)'));
  const rssi = num(kv.get('rssi'));
  const quality = num(kv.get('signal'));
  link.signalDbm = rssi ?? (quality !== null ? Math.round(quality / 2 - 100) : null);
  if (link.band === null && link.channel !== null) {
    // before Windows 11 there is no Band line: channels 1–14 are 2.4 GHz, the rest 5 GHz (6 GHz needs Windows 11)
    link.band = link.channel <= 14 ? '2.4 GHz' : '5 GHz';
  }
  return completeChannel(link);
}

/**
 * An alert's evidence as facts a person reads: each known key gets a human label and its unit
 * (SI throughout: kB, MB, kbit/s, Mbit/s, as Wireshark shows by default), in the order the table
 * lists them. Keys for the machine (window sizes, sample frames, thresholds as raw numbers) stay
 * out; unknown keys are left to the raw evidence under "Details".
 */
import type { AlertFact } from '../api/alerts-view.js';
import type { Evidence } from '../api/alerts.js';
import { bitRate, bytesText, count, duration, listSome, ms } from './summary-format.js';

type Unit =
  | 'count'
  | 'bytes'
  | 'bytesPerSec'
  | 'bitsPerSec'
  | 'perSec'
  | 'seconds'
  | 'ms'
  | 'pct'
  | 'text'
  | 'list'
  | 'yesno'
  | 'frames';

/** Evidence key → label and unit; the order is the order facts are shown in. */
const FACTS: [key: string, label: string, unit: Unit][] = [
  ['scanner', 'Scanner', 'text'],
  ['sender', 'Sender', 'text'],
  ['target', 'Target', 'text'],
  ['impersonatedAddress', 'Address claimed', 'text'],
  ['mac', 'Device (MAC address)', 'text'],
  ['spooferAddresses', "The device's own addresses", 'list'],
  ['victims', 'Devices fooled', 'list'],
  ['address', 'Address', 'text'],
  ['macs', 'Devices claiming it', 'list'],
  ['addresses', 'Addresses claimed', 'list'],
  ['service', 'Service', 'text'],
  ['port', 'Port', 'text'],
  ['protocol', 'Protocol', 'text'],
  ['scanType', 'Scan type', 'list'],
  ['distinctPorts', 'Ports tried', 'count'],
  ['distinctHosts', 'Hosts tried', 'count'],
  ['openPorts', 'Ports that answered (open)', 'list'],
  ['unanswered', 'Unanswered', 'count'],
  ['attempts', 'Attempts', 'count'],
  ['refused', 'Refused', 'count'],
  ['connected', 'Connected', 'count'],
  ['icmpUnreachable', '"Unreachable" replies', 'count'],
  ['syns', 'Connection attempts (SYN)', 'count'],
  ['synsPerSec', 'Attempts per second', 'perSec'],
  ['completed', 'Completed handshakes', 'count'],
  ['distinctSources', 'Distinct sources', 'count'],
  ['distinctTargets', 'Distinct targets', 'count'],
  ['packets', 'Packets sent', 'count'],
  ['packetsBack', 'Packets back', 'count'],
  ['bytes', 'Bytes sent', 'bytes'],
  ['peakPacketsPerSec', 'Peak packet rate', 'perSec'],
  ['peakBytesPerSec', 'Peak rate', 'bytesPerSec'],
  ['averageBitsPerSec', 'Average rate', 'bitsPerSec'],
  ['baselineBytesPerSec', 'Usual rate', 'bytesPerSec'],
  ['baselinePacketsPerSec', 'Usual packet rate', 'perSec'],
  ['spikeSeconds', 'Spike lasted', 'seconds'],
  ['topSender', 'Top sender', 'text'],
  ['topSenderBytes', "Top sender's bytes", 'bytes'],
  ['mainDestination', 'Mostly to', 'text'],
  ['messages', 'Messages', 'count'],
  ['distinctClients', 'Devices (MAC addresses)', 'count'],
  ['dataSegments', 'Data segments', 'count'],
  ['retransmissions', 'Retransmitted segments', 'count'],
  ['bytesSent', 'Bytes sent', 'bytes'],
  ['bytesResent', 'Bytes sent again', 'bytes'],
  ['ratePct', 'Resent', 'pct'],
  ['sent', 'Probes sent', 'count'],
  ['lost', 'Probes lost', 'count'],
  ['lossPct', 'Loss', 'pct'],
  ['recentMedianMs', 'Recent round trip (median)', 'ms'],
  ['baselineMedianMs', 'Usual round trip (median)', 'ms'],
  ['jitterMs', 'Jitter', 'ms'],
  ['queries', 'Queries', 'count'],
  ['nxdomain', 'Names that do not exist', 'count'],
  ['sampleNames', 'Names asked for', 'list'],
  ['domain', 'Domain', 'text'],
  ['durationSec', 'Lasted', 'seconds'],
  ['firstFrame', 'First packet', 'frames'],
  ['lastFrame', 'Last packet', 'frames'],
];

function value(v: unknown, unit: Unit): string | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : NaN;
  switch (unit) {
    case 'count':
      return Number.isFinite(n) ? count(n) : null;
    case 'bytes':
      return Number.isFinite(n) ? bytesText(n) : null;
    case 'bytesPerSec':
      return Number.isFinite(n) ? bitRate(n) : null;
    case 'bitsPerSec':
      return Number.isFinite(n) ? bitRate(n / 8) : null;
    case 'perSec':
      return Number.isFinite(n) ? `${count(n)} per second` : null;
    case 'seconds':
      return Number.isFinite(n) ? duration(n) : null;
    case 'ms':
      return Number.isFinite(n) ? ms(n) : null;
    case 'pct':
      return Number.isFinite(n) ? `${Math.round(n * 10) / 10} %` : null;
    case 'yesno':
      return v ? 'yes' : 'no';
    case 'frames':
      return Number.isFinite(n) ? `frame ${count(n)}` : null;
    case 'list':
      return Array.isArray(v) ? (v.length > 0 ? listSome(v.map(String), 8) : null) : String(v);
    case 'text':
      return String(v);
  }
}

/** The evidence's known numbers, labelled, with units. */
export function alertFacts(evidence: Evidence): AlertFact[] {
  const out: AlertFact[] = [];
  for (const [key, label, unit] of FACTS) {
    if (!Object.hasOwn(evidence, key)) continue;
    const v = value(evidence[key], unit);
    if (v !== null) out.push({ label, value: v });
  }
  return out;
}

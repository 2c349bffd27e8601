/** The human-readable summary that `analyze` prints (and `capture` prints when it stops). */
import type { AnalyzeReport, Endpoint, ProtocolNode } from '../api/report.js';
import { formatBytes, formatCount } from './output.js';

export function formatReport(r: AnalyzeReport, opts: { top?: number } = {}): string {
  const top = opts.top ?? 10;
  const out: string[] = [];
  const dur = r.durationSec;
  out.push(`${r.source.path}  (${r.source.format}${r.source.truncated ? ', cut short' : ''})`);
  for (const w of r.source.warnings) out.push(`  warning: ${w}`);
  out.push('');
  out.push(`Packets   ${formatCount(r.packets)}`);
  out.push(`Bytes     ${formatCount(r.bytes)} (${formatBytes(r.bytes)})`);
  if (r.firstTime !== null && r.lastTime !== null) {
    out.push(`Time      ${iso(r.firstTime)} to ${iso(r.lastTime)} (${dur.toFixed(3)} s)`);
    if (dur > 0) out.push(`Average   ${formatRate((r.bytes * 8) / dur)}, ${(r.packets / dur).toFixed(1)} packets/s`);
  }
  if (r.malformedPackets > 0)
    out.push(`Malformed ${formatCount(r.malformedPackets)} packets (decoded as far as they go)`);
  if (r.retransmissions.packets > 0)
    out.push(
      `TCP retransmissions ${formatCount(r.retransmissions.packets)} (${r.retransmissions.ratePct}% of data segments)`,
    );

  out.push('', 'Protocols');
  const walk = (nodes: ProtocolNode[], depth: number): void => {
    for (const n of nodes) {
      const share = r.packets > 0 ? ((n.packets / r.packets) * 100).toFixed(1) : '0.0';
      out.push(
        `  ${'  '.repeat(depth)}${n.protocol.padEnd(Math.max(1, 18 - 2 * depth))} ${formatCount(n.packets).padStart(10)} pkts ${formatBytes(n.bytes).padStart(11)}  ${share.padStart(5)}%`,
      );
      walk(n.children, depth + 1);
    }
  };
  walk(r.protocolHierarchy, 0);

  const hostRow = (e: Endpoint, bytes: number, packets: number): string =>
    `  ${label(e).padEnd(46)} ${formatBytes(bytes).padStart(11)} ${formatCount(packets).padStart(9)} pkts`;
  if (r.topTalkers.length > 0) {
    out.push('', 'Top talkers (sent)');
    for (const e of r.topTalkers.slice(0, top)) out.push(hostRow(e, e.txBytes, e.txPackets));
  }
  if (r.topListeners.length > 0) {
    out.push('', 'Top listeners (received)');
    for (const e of r.topListeners.slice(0, top)) out.push(hostRow(e, e.rxBytes, e.rxPackets));
  }

  const convs = [
    ...r.conversations.tcp.map((c) => ({ ...c, proto: 'tcp' })),
    ...r.conversations.udp.map((c) => ({ ...c, proto: 'udp' })),
  ]
    .sort((x, y) => y.bytesAtoB + y.bytesBtoA - (x.bytesAtoB + x.bytesBtoA))
    .slice(0, top);
  if (convs.length > 0) {
    const name = (a: string): string => (r.hostnames[a] ? `${a} (${safeText(r.hostnames[a])})` : a);
    out.push('', `Conversations (top ${convs.length} of ${formatCount(r.counts.tcp + r.counts.udp)} by bytes)`);
    for (const c of convs) {
      const svc = c.service ? ` ${c.service}` : '';
      out.push(
        `  ${c.proto}${svc}  ${name(c.a)}:${c.aPort} <-> ${name(c.b)}:${c.bPort}  ${formatBytes(c.bytesAtoB + c.bytesBtoA)}, ${formatCount(c.packetsAtoB + c.packetsBtoA)} pkts, ${c.duration.toFixed(3)} s`,
      );
    }
  }
  if (r.rtt.length > 0) {
    out.push('', 'Round-trip times seen in the traffic');
    for (const s of r.rtt.slice(0, top))
      out.push(
        `  ${s.host.padEnd(40)} ${s.method.padEnd(14)} ${s.samples} samples, median ${s.medianMs} ms (min ${s.minMs}, max ${s.maxMs})`,
      );
  }
  return out.join('\n') + '\n';
}

/** Network names are untrusted text: strip control characters so they cannot drive the terminal. */
export function safeText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

function label(e: Endpoint): string {
  return e.name ? `${e.address} (${safeText(e.name)})` : e.address;
}

function iso(epoch: number): string {
  return new Date(epoch * 1000).toISOString();
}

function formatRate(bps: number): string {
  const units = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s'];
  let v = bps;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

// Runs inside the network namespace a test made
// (ip netns exec NS node this.mjs IFACE SECONDS [worker|inline] [on|off] [native|proc]):
// captures IFACE with the project's live source, asks AppAttribution for the program of every new
// TCP/UDP flow at its first packet (as the engine does), and prints one JSON object: the flows with
// their timing, status and owner, and the attribution counts. Reads the built engine (dist/).
import { networkInterfaces } from 'node:os';
import { LiveSource } from '../../../dist/src/capture/live-source.js';
import { decodePacket } from '../../../dist/src/decode/decode-packet.js';
import { Decoded } from '../../../dist/src/decode/decoded.js';
import { ipv4ToString } from '../../../dist/src/decode/format.js';
import {
  AppAttribution,
  FLAG_LOCAL,
  FLAG_LOCAL_INITIATED,
} from '../../../dist/src/identity/process/app-attribution.js';

const [iface, seconds, mode = 'worker', attributionOn = 'on', native = 'native'] = process.argv.slice(2);
const local = new Set((networkInterfaces()[iface] ?? []).filter((a) => a.family === 'IPv4').map((a) => a.address));
const attribution = attributionOn === 'on' ? new AppAttribution({ mode, native: native === 'native' }) : null;
const flows = new Map();
const list = [];
const d = new Decoded();
const src = new LiveSource({ device: iface });
const started = src.start((p) => {
  decodePacket(p.buf, p.offset, p.capLen, p.linkType, d);
  if (d.ipVersion !== 4 || (d.ipProto !== 6 && d.ipProto !== 17) || d.srcPort < 0) return;
  const t = p.tsSec + p.tsNsec / 1e9;
  const a = `${d.src4}:${d.srcPort}`;
  const b = `${d.dst4}:${d.dstPort}`;
  const key = `${d.ipProto}|${a < b ? a + '|' + b : b + '|' + a}`;
  let f = flows.get(key);
  if (!f) {
    const srcLocal = local.has(ipv4ToString(d.src4));
    const dstLocal = local.has(ipv4ToString(d.dst4));
    const localIsSrc = srcLocal || !dstLocal;
    f = {
      id: list.length,
      proto: d.ipProto === 6 ? 'tcp' : 'udp',
      local: ipv4ToString(localIsSrc ? d.src4 : d.dst4),
      localPort: localIsSrc ? d.srcPort : d.dstPort,
      remote: ipv4ToString(localIsSrc ? d.dst4 : d.src4),
      remotePort: localIsSrc ? d.dstPort : d.srcPort,
      first: t,
      last: t,
      packets: 0,
      bytes: 0,
      syn: d.ipProto === 6 && (d.tcpFlags & 0x12) === 0x02,
    };
    flows.set(key, f);
    list.push(f);
    const flags = (srcLocal || dstLocal ? FLAG_LOCAL : 0) | (srcLocal ? FLAG_LOCAL_INITIATED : 0);
    attribution?.requestV4(
      f.id,
      d.ipProto,
      localIsSrc ? d.src4 : d.dst4,
      f.localPort,
      localIsSrc ? d.dst4 : d.src4,
      f.remotePort,
      flags,
    );
  }
  f.last = t;
  f.packets++;
  f.bytes += p.origLen;
});
if (!started.ok) {
  console.log(JSON.stringify({ error: started.error }));
  process.exit(2);
}
process.stderr.write('capturing\n');
setTimeout(
  async () => {
    src.stop();
    await attribution?.idle(5000);
    const out = list.map((f) => ({
      ...f,
      status: attribution?.statusOf(f.id) ?? 'none',
      owner: attribution?.ownerOfFlow(f.id) ?? null,
    }));
    console.log(
      JSON.stringify({
        method: attribution?.method,
        counts: attribution?.counts,
        problems: attribution?.problems,
        stats: src.stats(),
        flows: out,
      }),
    );
    attribution?.close();
    process.exit(0);
  },
  Number(seconds) * 1000,
);

/**
 * One packet's decoded layers as a tree (packets:detail): a node per layer with its long name, the
 * bytes it covers and the fields its protocol's display shows (src/decode/protocol-display.ts).
 * Every string from the packet is untrusted text.
 */
import type { PacketDetail, TreeNode } from '../api/views.js';
import { decodePacket } from '../decode/decode-packet.js';
import { Decoded } from '../decode/decoded.js';
import { IPPROTO_TCP } from '../decode/net/ip-protocols.js';
import { field } from '../decode/layer-view.js';
import { protocolDisplay } from '../decode/protocol-display.js';
import { protoLabel, protoName } from '../decode/protocols.js';
import { timeText } from '../analysis/report-builder.js';
import type { KeptPacket } from './raw-ring.js';
import { linkTypeLabel, namedValues } from './packet-names.js';

export function packetDetail(k: KeptPacket): PacketDetail {
  const d = new Decoded();
  const buf = k.bytes;
  decodePacket(buf, 0, buf.length, k.linkType, d);
  const layers: TreeNode[] = [
    {
      label: `Frame ${k.frame}: ${k.origLen} bytes on wire, ${buf.length} bytes captured`,
      start: 0,
      length: buf.length,
      children: [
        field('Arrival time', new Date(k.tsSec * 1000 + Math.floor(k.tsNsec / 1e6)).toISOString()),
        field('Epoch time', timeText(k.tsSec, k.tsNsec)),
        field('Link type', linkTypeLabel(k.linkType)),
      ],
    },
  ];
  for (let i = 0; i < d.layerCount; i++) {
    const id = d.layers[i];
    const start = d.layerOffsets[i];
    const end = i + 1 < d.layerCount ? d.layerOffsets[i + 1] : buf.length;
    const node: TreeNode = { label: protoLabel(id), start, length: Math.max(0, end - start) };
    const children = protocolDisplay(id)?.fields?.({ buf, start, end, d }) ?? [];
    if (children.length > 0) node.children = children;
    layers.push(node);
  }
  // Over TCP the stack ends at tcp: what the payload carries is shown as its own node.
  const app = protocolDisplay(d.app);
  if (d.hint !== null && d.ipProto === IPPROTO_TCP && app !== undefined) {
    const at = d.payloadOffset >= 0 ? d.payloadOffset : buf.length;
    const v = { buf, start: at, end: buf.length, d };
    layers.push({
      label: app.info?.(v) || protoLabel(d.app),
      start: d.payloadOffset >= 0 ? d.payloadOffset : undefined,
      children: app.fields?.(v) ?? [],
    });
  }
  return {
    frame: k.frame,
    time: k.tsSec + k.tsNsec * 1e-9,
    timeText: timeText(k.tsSec, k.tsNsec),
    length: k.origLen,
    capturedLength: buf.length,
    linkType: k.linkType,
    layers: layers.map(dropUndefined).map(namedValues),
    hex: buf.toString('hex'),
    malformed: d.malformed
      ? { layer: protoName(d.malformedLayer), offset: d.malformedAt, reason: d.malformedReason }
      : null,
  };
}

function dropUndefined(n: TreeNode): TreeNode {
  const out: TreeNode = { label: n.label };
  if (n.start !== undefined) out.start = n.start;
  if (n.length !== undefined) out.length = n.length;
  if (n.children) out.children = n.children.map(dropUndefined);
  return out;
}

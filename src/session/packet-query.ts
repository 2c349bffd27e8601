/**
 * packets:page and packets:detail: rows from the compact records of the kept packets; the info
 * column (and MAC addresses of non-IP frames) from decoding the kept bytes again.
 */
import { fail, ok, type Result } from '../api/errors.js';
import type { PacketDetail, PacketRow, PacketsPage } from '../api/views.js';
import { decodePacket } from '../decode/decode-packet.js';
import { Decoded } from '../decode/decoded.js';
import { macToString } from '../decode/format.js';
import { protoName } from '../decode/protocols.js';
import { packetInfo } from './packet-info.js';
import { packetDetail } from './packet-tree.js';
import type { SessionView } from './session-view.js';

export function packetsPage(view: SessionView, offset: number, limit: number): PacketsPage {
  const { total, frameAt } = view.matching();
  const rows: PacketRow[] = [];
  const end = Math.min(total, offset + limit);
  const r = view.ring;
  const d = new Decoded();
  for (let i = offset; i < end; i++) {
    const frame = frameAt(i);
    if (!r.has(frame)) continue;
    const s = r.slot(frame);
    const src = r.src[s];
    const dst = r.dst[s];
    const row: PacketRow = {
      frame,
      time: r.time[s],
      src: src >= 0 ? view.lookup.toString(src) : '',
      dst: dst >= 0 ? view.lookup.toString(dst) : '',
      srcPort: r.srcPort[s] >= 0 ? r.srcPort[s] : null,
      dstPort: r.dstPort[s] >= 0 ? r.dstPort[s] : null,
      protocol: protoName(r.shown[s]),
      length: r.length[s],
      info: '',
      hasDetail: false,
    };
    const kept = view.raw.get(frame);
    if (kept) {
      decodePacket(kept.bytes, 0, kept.bytes.length, kept.linkType, d);
      row.info = packetInfo(kept.bytes, d);
      row.hasDetail = true;
      if (src < 0 && d.srcMacOffset >= 0 && d.dstMacOffset >= 0) {
        row.src = macToString(kept.bytes, d.srcMacOffset);
        row.dst = macToString(kept.bytes, d.dstMacOffset);
      }
    }
    rows.push(row);
  }
  return { offset, total, rows };
}

export function packetDetailFor(view: SessionView, frame: number): Result<PacketDetail> {
  const kept = view.raw.get(frame);
  if (!kept) {
    const newest = view.raw.newest;
    if (frame > newest)
      return fail('not-found', `there is no packet ${frame} yet (${newest} so far)`, 'pick a packet from the list');
    return fail(
      'not-found',
      `packet ${frame} is no longer kept (the bytes of the latest ${view.raw.maxPackets.toLocaleString('en-US')} packets are)`,
      'export the session pcap and open it in Wireshark to see older packets',
    );
  }
  return ok(packetDetail(kept));
}

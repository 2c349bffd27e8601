/**
 * Conversations keyed by an unordered address pair (IP) or an unordered pair of address+port
 * (UDP), with no allocation on lookup. TCP has its own table (tcp-streams.ts) because tshark
 * splits a reused 4-tuple into several streams.
 */
import { Conversation } from './conversation.js';
import { TupleIndex } from './tuple-index.js';

export class ConversationTable {
  private readonly index: TupleIndex;
  private readonly withPorts: boolean;
  readonly rows: Conversation[] = [];

  constructor(withPorts: boolean) {
    this.withPorts = withPorts;
    this.index = new TupleIndex(withPorts ? 4 : 2, 4096);
  }

  /** Counts a packet from (src, srcPort) to (dst, dstPort); ports are 0 for IP conversations. */
  count(src: number, srcPort: number, dst: number, dstPort: number, bytes: number, t: number): Conversation {
    const srcFirst = src < dst || (src === dst && srcPort <= dstPort);
    let id: number;
    if (this.withPorts)
      id = srcFirst ? this.index.intern(src, srcPort, dst, dstPort) : this.index.intern(dst, dstPort, src, srcPort);
    else id = srcFirst ? this.index.intern(src, dst) : this.index.intern(dst, src);
    let row = this.rows[id];
    if (row === undefined) {
      row = new Conversation(src, dst, srcPort, dstPort, t);
      this.rows[id] = row;
    }
    row.count(src === row.a && srcPort === row.aPort, bytes, t);
    return row;
  }
}

/**
 * Where a TCP stream's fields sit in its row (tcp-streams.ts): 17 words and 8 doubles, 132 bytes.
 * Per-direction fields come in pairs: direction 0 is A→B, 1 is B→A (A sent the first counted packet).
 */

// 32-bit words
export const FLAGS = 0;
/** The 4-tuple, ordered: the lower address id, the higher, and their ports (lower end's << 16). */
export const K_LO = 1;
export const K_HI = 2;
export const K_PORTS = 3;
export const RETRANS = 4;
/** Per direction d: BASE + 3d (first sequence number), NEXT + 3d (next expected), ACK + 3d (last ACK). */
export const BASE = 5;
export const NEXT = 6;
export const ACK = 7;
/** Duplicate ACKs seen from each direction: 16 bits each (saturating; only "two or more" matters). */
export const DUPS = 11;
/** 1 + the stream's slot of record trackers (tcp-pdu-tracker.ts), or 0 for none. */
export const PDU = 12;
export const PAB = 13;
export const PBA = 14;
export const BAB = 15;
export const BBA = 16;
export const WORDS = 17;

// doubles
export const START = 0;
export const LAST = 1;
/** Per direction d: NEXT_TIME + d, the time of the segment that last advanced NEXT. */
export const NEXT_TIME = 2;
/** The most recent SYN, the first SYN/ACK after it, or -1. */
export const SYN_TIME = 4;
export const SYNACK_TIME = 5;
/** tshark's initial RTT (SYN to the handshake's ACK), and SYN to SYN/ACK, in seconds, or -1. */
export const INITIAL_RTT = 6;
export const SERVER_RTT = 7;
export const DOUBLES = 8;

// FLAGS bits (bit 0 is the store's LIVE)
export const FIN_OR_RST = 1 << 1;
/** The SYN came from A. */
export const SYN_FROM_A = 1 << 2;
/** The client ACKed the SYN/ACK (the handshake completed from the SYN's side). */
export const CLIENT_ACKED = 1 << 3;
/** Per direction d (shift by d): its base sequence number, next sequence number, last ACK are set. */
export const BASE_SET = 1 << 4;
export const NEXT_SET = 1 << 6;
export const ACK_SET = 1 << 8;
/** Per direction d: its framing (TLS records, DNS messages or none) has been chosen. */
export const FRAMING_CHOSEN = 1 << 10;
/** A is the key's lower end (K_LO, and the high half of K_PORTS). */
export const A_IS_LO = 1 << 12;
/** The row is the current stream of its 4-tuple (found by the index; an older one of a reused tuple is not). */
export const INDEXED = 1 << 13;
/** The direction bits of both directions, for swapping A and B. */
export const DIR_BITS = (3 * BASE_SET) | (3 * NEXT_SET) | (3 * ACK_SET) | (3 * FRAMING_CHOSEN);
export const SERVICE_SHIFT = 16;

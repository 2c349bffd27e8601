/**
 * pcapng (draft-ietf-opsawg-pcapng): block types, field offsets from the start of a block, option
 * codes, and the limits past which a length is treated as corruption rather than trusted.
 */
import { MAX_CAPLEN } from './pcap-format.js';

export const BT_SHB = 0x0a0d0d0a; // Section Header Block (a palindrome: readable in either byte order)
export const BT_IDB = 0x00000001; // Interface Description Block
export const BT_PB = 0x00000002; // Packet Block (obsolete)
export const BT_SPB = 0x00000003; // Simple Packet Block
export const BT_ISB = 0x00000005; // Interface Statistics Block
export const BT_EPB = 0x00000006; // Enhanced Packet Block

/** The SHB's byte-order magic, as read in the section's own byte order. */
export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
export const PCAPNG_VERSION_MAJOR = 1;

// Every block: type, total length, body, total length again.
export const BLK_TYPE = 0;
export const BLK_TOTAL_LEN = 4;
export const BLK_BODY = 8;
/** Type + length + trailing length. */
export const BLK_OVERHEAD = 12;
/** The trailing copy of the total length. */
export const BLK_TRAILER_BYTES = 4;

// Section Header Block
export const SHB_BYTE_ORDER = 8;
export const SHB_VERSION_MAJOR = 12;
export const SHB_MIN_BYTES = 28; // overhead + magic + versions + 64-bit section length

// Interface Description Block
export const IDB_LINKTYPE = 8;
export const IDB_SNAPLEN = 12;
export const IDB_OPTIONS = 16;
export const IDB_MIN_BYTES = 20;

// Enhanced Packet Block
export const EPB_IFACE = 8;
export const EPB_TS_HIGH = 12;
export const EPB_TS_LOW = 16;
export const EPB_CAPLEN = 20;
export const EPB_ORIGLEN = 24;
export const EPB_DATA = 28;
export const EPB_MIN_BYTES = 32;

// Interface Statistics Block: interface id, timestamp, then options
export const ISB_IFACE = 8;
export const ISB_OPTIONS = 20;
export const ISB_MIN_BYTES = 24;

// Obsolete Packet Block: like an EPB, but a 16-bit interface id followed by a 16-bit drop count
export const PB_IFACE = 8;
export const PB_TS_HIGH = 12;
export const PB_TS_LOW = 16;
export const PB_CAPLEN = 20;
export const PB_ORIGLEN = 24;
export const PB_DATA = 28;
export const PB_MIN_BYTES = 32;

// Simple Packet Block: original length, then data; no interface id (always 0), no timestamp
export const SPB_ORIGLEN = 8;
export const SPB_DATA = 12;
export const SPB_MIN_BYTES = 16;

// Options: code (16), length (16), value padded to 32 bits
export const OPT_HEADER_BYTES = 4;
export const OPT_ENDOFOPT = 0;
export const OPT_COMMENT = 1;
export const IF_NAME = 2;
export const IF_DESCRIPTION = 3;
export const IF_TSRESOL = 9;
export const IF_FILTER = 11;
export const IF_TSOFFSET = 14;
export const ISB_ENDTIME = 3;
export const ISB_IFRECV = 4;
export const ISB_IFDROP = 5;
export const ISB_OSDROP = 7;
/** if_filter's first byte: 0 = a libpcap filter string. */
export const IF_FILTER_STRING = 0;

/** Any block longer than this is corrupt: the largest legal frame plus room for its options. */
export const MAX_BLOCK_BYTES = MAX_CAPLEN + 1024 * 1024;
/** Blocks parsed from the buffer besides packets (IDB); bigger ones are corrupt, not buffered. */
export const MAX_META_BLOCK_BYTES = 16 * 1024 * 1024;
/** More interfaces than this in one section is not a capture anybody made; stop rather than grow. */
export const MAX_INTERFACES = 65536;
/**
 * Interfaces listed in the file's info (every section's, in order); a file of many sections
 * (each restarts its interfaces at 0) reads on past this, with a warning, without listing more.
 */
export const MAX_LISTED_INTERFACES = 4096;

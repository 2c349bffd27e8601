/**
 * The classic libpcap file format (draft-ietf-opsawg-pcap): field offsets and limits shared by
 * the reader and the writer.
 */

/** Magic for microsecond timestamps, as written by the writer's host byte order. */
export const PCAP_MAGIC_US = 0xa1b2c3d4;
/** Magic for nanosecond timestamps. */
export const PCAP_MAGIC_NS = 0xa1b23c4d;
/** Kuznetzov's "modified" pcap (24-byte records): recognised only to name it in an error. */
export const PCAP_MAGIC_MODIFIED = 0xa1b2cd34;

export const PCAP_HEADER_BYTES = 24;
export const PCAP_HDR_MAGIC = 0;
export const PCAP_HDR_VERSION_MAJOR = 4;
export const PCAP_HDR_VERSION_MINOR = 6;
export const PCAP_HDR_THISZONE = 8;
export const PCAP_HDR_SIGFIGS = 12;
export const PCAP_HDR_SNAPLEN = 16;
export const PCAP_HDR_LINKTYPE = 20;

export const PCAP_VERSION_MAJOR = 2;
export const PCAP_VERSION_MINOR = 4;

/** The link type is the low 16 bits; the upper bits may carry FCS information. */
export const PCAP_LINKTYPE_MASK = 0xffff;
/** Set when the top 4 bits hold the FCS length in 16-bit words (libpcap LT_FCS_LENGTH_PRESENT). */
export const PCAP_FCS_PRESENT = 0x04000000;
export const PCAP_FCS_SHIFT = 28;

export const PCAP_RECORD_HEADER_BYTES = 16;
export const PCAP_REC_TS_SEC = 0;
export const PCAP_REC_TS_FRAC = 4;
export const PCAP_REC_CAPLEN = 8;
export const PCAP_REC_ORIGLEN = 12;

/**
 * No real frame is this big (libpcap's own limit is 256 KiB for most link types); a larger
 * length means the file is corrupt, and trusting it would make us allocate for nothing.
 */
export const MAX_CAPLEN = 256 * 1024 * 1024;

/** Default snaplen for files we write: libpcap's MAXIMUM_SNAPLEN. */
export const DEFAULT_SNAPLEN = 262144;

/**
 * One captured frame as a source delivers it. Sources reuse both this object and the buffer it
 * points into: it is valid only during the callback that receives it. Copy out what you keep.
 */
export interface RawPacket {
  /** Buffer holding the frame (a reused read chunk or capture buffer). */
  buf: Buffer;
  /** Offset of the frame's first byte in `buf`. */
  offset: number;
  /** Bytes captured (available in `buf` from `offset`). */
  capLen: number;
  /** Length of the frame on the wire. */
  origLen: number;
  /** Timestamp: whole seconds since the Unix epoch. */
  tsSec: number;
  /** Timestamp: nanoseconds within the second (0..999,999,999), whatever the file's resolution. */
  tsNsec: number;
  /** LINKTYPE_* of the frame (see link-types.ts). */
  linkType: number;
  /** Interface index (pcapng interface id; 0 for pcap and live capture). */
  ifIndex: number;
  /** The file gave an impossible timestamp (a fraction over one second): tsSec is its whole second, tsNsec 0. */
  badTimestamp?: boolean;
}

export function newRawPacket(): RawPacket {
  return {
    buf: Buffer.alloc(0),
    offset: 0,
    capLen: 0,
    origLen: 0,
    tsSec: 0,
    tsNsec: 0,
    linkType: 1,
    ifIndex: 0,
    badTimestamp: false,
  };
}

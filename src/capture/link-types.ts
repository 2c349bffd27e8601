/** LINKTYPE_* values (https://www.tcpdump.org/linktypes.html) that NetLens decodes. */
export const LINKTYPE = {
  NULL: 0, // BSD loopback: 4-byte address family in host byte order
  ETHERNET: 1,
  RAW: 101, // raw IPv4 or IPv6, version from the first nibble
  IEEE802_11: 105,
  LOOP: 108, // OpenBSD loopback: address family in network byte order
  C_HDLC: 104, // Cisco HDLC
  LINUX_SLL: 113,
  IEEE802_11_RADIOTAP: 127,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

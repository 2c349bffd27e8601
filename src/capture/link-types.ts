/** LINKTYPE_* values (https://www.tcpdump.org/linktypes.html) that NetLens decodes. */
export const LINKTYPE = {
  NULL: 0, // BSD loopback: 4-byte address family in host byte order
  ETHERNET: 1,
  RAW: 101, // raw IPv4 or IPv6, version from the first nibble
  IEEE802_11: 105,
  LOOP: 108, // OpenBSD loopback: address family in network byte order
  LINUX_SLL: 113,
  IEEE802_11_RADIOTAP: 127,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

/** tshark's name for the top layer of each link type, as its protocol hierarchy prints it. */
export function linkTypeName(linkType: number): string {
  switch (linkType) {
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP:
      return 'null';
    case LINKTYPE.ETHERNET:
      return 'eth';
    case LINKTYPE.RAW:
    case LINKTYPE.IPV4:
    case LINKTYPE.IPV6:
      return 'raw';
    case LINKTYPE.IEEE802_11:
      return 'wlan';
    case LINKTYPE.LINUX_SLL:
    case LINKTYPE.LINUX_SLL2:
      return 'sll';
    case LINKTYPE.IEEE802_11_RADIOTAP:
      return 'radiotap';
    default:
      return `linktype-${linkType}`;
  }
}

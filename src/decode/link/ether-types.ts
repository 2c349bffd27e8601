/**
 * EtherType values (IEEE's registry; also GRE's protocol type, SNAP's PID and SLL's protocol
 * field): the one home of these numbers for every decoder that dispatches on one.
 */
/** Type/length values up to this are an 802.3 length (an LLC PDU follows); from ETHERTYPE_MIN on, an EtherType. */
export const MAX_8023_LENGTH = 1500;
export const ETHERTYPE_MIN = 0x0600;

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
/** Reverse ARP: the same packet format, and tshark names it arp too. */
export const ETHERTYPE_RARP = 0x8035;
export const ETHERTYPE_VLAN = 0x8100;
export const ETHERTYPE_IPV6 = 0x86dd;
export const ETHERTYPE_MPLS = 0x8847;
export const ETHERTYPE_MPLS_MULTICAST = 0x8848;
export const ETHERTYPE_PPPOE_DISCOVERY = 0x8863;
export const ETHERTYPE_PPPOE_SESSION = 0x8864;
export const ETHERTYPE_EAPOL = 0x888e;
export const ETHERTYPE_QINQ = 0x88a8;
export const ETHERTYPE_LLDP = 0x88cc;
export const ETHERTYPE_QINQ_OLD = 0x9100;
/** Cisco VN-Tag and IEEE 802.1BR E-Tag: tags in front of the real EtherType, as VLAN tags are. */
export const ETHERTYPE_VNTAG = 0x8926;
export const ETHERTYPE_ETAG = 0x893f;
/** Network Service Header (RFC 8300). */
export const ETHERTYPE_NSH = 0x894f;
/** ERSPAN type II (and type I, told by the GRE sequence bit) and type III, as GRE protocol types. */
export const ETHERTYPE_ERSPAN = 0x88be;
export const ETHERTYPE_ERSPAN3 = 0x22eb;
/** Cisco SLARP, in Cisco HDLC frames. */
export const ETHERTYPE_SLARP = ETHERTYPE_RARP;
/** PPP (GRE protocol type 0x880b, as PPTP uses it). */
export const ETHERTYPE_PPP = 0x880b;
/** Transparent Ethernet bridging: an Ethernet frame follows (GRE, NVGRE). */
export const ETHERTYPE_TEB = 0x6558;

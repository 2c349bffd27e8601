/**
 * IP protocol numbers (IANA's "Assigned Internet Protocol Numbers": IPv4's protocol field, IPv6's
 * next header): the one home of these numbers, for the decoders and everything that reads
 * Decoded.ipProto (as smoltcp's wire::IpProtocol). Plain constants, so the per-packet code that
 * compares them reads no object.
 */
export const IPPROTO_HOPOPTS = 0;
export const IPPROTO_ICMP = 1;
export const IPPROTO_IGMP = 2;
/** IPv4 encapsulated in IP (4in4, 4in6). */
export const IPPROTO_IPIP = 4;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
/** IPv6 encapsulated in IP (6in4 = protocol 41, 6in6). */
export const IPPROTO_IPV6 = 41;
export const IPPROTO_ROUTING = 43;
export const IPPROTO_FRAGMENT = 44;
export const IPPROTO_GRE = 47;
export const IPPROTO_ESP = 50;
export const IPPROTO_AH = 51;
export const IPPROTO_ICMPV6 = 58;
export const IPPROTO_NONE = 59;
export const IPPROTO_DSTOPTS = 60;
export const IPPROTO_OSPF = 89;
export const IPPROTO_PIM = 103;
export const IPPROTO_VRRP = 112;
export const IPPROTO_SCTP = 132;
export const IPPROTO_MOBILITY = 135;
export const IPPROTO_HIP = 139;
export const IPPROTO_SHIM6 = 140;

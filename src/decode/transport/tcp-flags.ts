/** TCP header flag bits (the byte at offset 13) and their names: the one home of both. */
export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;
export const TCP_URG = 0x20;
const TCP_ECE = 0x40;
const TCP_CWR = 0x80;

/** In the order tshark's Info column lists them. */
const FLAG_NAMES: readonly (readonly [number, string])[] = [
  [TCP_SYN, 'SYN'],
  [TCP_ACK, 'ACK'],
  [TCP_FIN, 'FIN'],
  [TCP_RST, 'RST'],
  [TCP_PSH, 'PSH'],
  [TCP_URG, 'URG'],
  [TCP_ECE, 'ECE'],
  [TCP_CWR, 'CWR'],
];

/** "SYN, ACK" for the flags byte (not for the per-packet path: it allocates). */
export function tcpFlagNames(flags: number): string {
  return FLAG_NAMES.filter(([bit]) => (flags & bit) !== 0)
    .map(([, n]) => n)
    .join(', ');
}

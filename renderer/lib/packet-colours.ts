/**
 * Wireshark's default colouring rules, the ones a learner meets first: TCP SYN/FIN (connection
 * start and end), TCP RST (refused or torn down), bad TCP (retransmissions, lost segments), ARP
 * and ICMP. Read from the row's protocol and its info column.
 */
import type { PacketRow } from '../../src/api/views.js';

export type RowColour = 'bad' | 'rst' | 'syn' | 'arp' | 'icmp' | 'none';

export function rowColour(p: Pick<PacketRow, 'protocol' | 'info'>): RowColour {
  const info = p.info;
  if (/retransmission|out-of-order|lost segment|dup ack|zero ?window/i.test(info)) return 'bad';
  if (/\[[^\]]*\bRST\b/.test(info)) return 'rst';
  if (/\[[^\]]*\b(SYN|FIN)\b/.test(info)) return 'syn';
  if (p.protocol === 'arp') return 'arp';
  if (p.protocol === 'icmp' || p.protocol === 'icmpv6') return 'icmp';
  return 'none';
}

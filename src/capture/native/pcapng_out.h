/*
 * The pcapng stream netlens-capture writes to its stdout, in the host's byte order (the Section
 * Header says which): one Section Header Block, one Interface Description Block (if_name,
 * if_tsresol, if_filter, a comment with libpcap's warning), an Enhanced Packet Block per packet,
 * and Interface Statistics Blocks with libpcap's counters: isb_ifrecv = ps_recv,
 * isb_osdrop = ps_drop (no room in the kernel buffer), isb_ifdrop = ps_ifdrop. The last ISB has
 * isb_endtime; when the capture ended by itself it also has a comment "error: <why>". Blocks are
 * gathered in one buffer and written when it fills or nl_out_flush() is called.
 */
#ifndef NETLENS_PCAPNG_OUT_H
#define NETLENS_PCAPNG_OUT_H

#include <pcap/pcap.h>
#include <stddef.h>
#include <stdint.h>

#define NL_OUT_BUFFER (1 << 20)

typedef struct {
  int fd;
  int nano;
  int snaplen;
  int error; /* errno of a failed write, 0 while fine */
  size_t used;
  uint8_t buf[NL_OUT_BUFFER];
} nl_out;

typedef struct {
  uint64_t recv, os_drop, if_drop;
} nl_counts;

void nl_out_init(nl_out *o, int fd);
void nl_out_header(nl_out *o, const char *app, int link_type, int snaplen, int nano, const char *device,
                   const char *filter, const char *warning);
void nl_out_packet(nl_out *o, const struct pcap_pkthdr *h, const u_char *data);
/* `end_comment` NULL: a periodic ISB; "" : the last one; else the last one with "error: ..." */
void nl_out_stats(nl_out *o, const nl_counts *c, const char *end_comment);
/* Writes what is gathered. 0, or -1 with o->error set (EPIPE: the reader went away). */
int nl_out_flush(nl_out *o);

#endif

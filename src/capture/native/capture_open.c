/* Opening a live capture: see capture_open.h. */
#include "capture_open.h"

#include <stdio.h>
#include <string.h>

void nl_capture_default_opts(nl_capture_opts *o) {
  o->snaplen = NL_DEFAULT_SNAPLEN;
  o->buffer_size = NL_DEFAULT_BUFFER_BYTES;
  o->timeout_ms = NL_DEFAULT_TIMEOUT_MS;
  o->immediate = 0;
  o->promisc = 1;
}

static int fail(nl_capture_error *e, int status, const char *stage, const char *msg) {
  e->status = status;
  e->stage = stage;
  snprintf(e->message, sizeof e->message, "%s", msg && msg[0] ? msg : pcap_statustostr(status));
  return -1;
}

int nl_capture_activate(const char *device, const nl_capture_opts *o, nl_capture *c, nl_capture_error *e) {
  char errbuf[PCAP_ERRBUF_SIZE];
  errbuf[0] = 0;
  memset(c, 0, sizeof *c);
  c->fd = -1;
  int snaplen = o->snaplen < NL_MIN_SNAPLEN ? NL_MIN_SNAPLEN : o->snaplen;
  pcap_t *p = pcap_create(device, errbuf);
  if (!p) return fail(e, PCAP_ERROR, "create", errbuf);
  pcap_set_snaplen(p, snaplen);
  pcap_set_promisc(p, o->promisc ? 1 : 0);
  pcap_set_buffer_size(p, o->buffer_size);
  pcap_set_timeout(p, o->timeout_ms);
  pcap_set_immediate_mode(p, o->immediate ? 1 : 0);
  int nano = pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO) == 0;
  int st = pcap_activate(p);
  if (st < 0) {
    fail(e, st, "activate", pcap_geterr(p));
    pcap_close(p);
    return -1;
  }
  if (st > 0) snprintf(c->warning, sizeof c->warning, "%s", pcap_geterr(p));
  if (pcap_setnonblock(p, 1, errbuf) == -1) {
    fail(e, PCAP_ERROR, "activate", errbuf);
    pcap_close(p);
    return -1;
  }
  c->p = p;
  c->nano = nano && pcap_get_tstamp_precision(p) == PCAP_TSTAMP_PRECISION_NANO;
  c->snaplen = pcap_snapshot(p);
  if (c->snaplen <= 0 || c->snaplen > snaplen) c->snaplen = snaplen;
  c->link_type = pcap_datalink(p);
#ifndef _WIN32
  c->fd = pcap_get_selectable_fd(p);
#endif
  return 0;
}

int nl_capture_set_filter(nl_capture *c, const char *device, const char *filter, nl_capture_error *e) {
  if (!filter || !filter[0]) return 0;
  char errbuf[PCAP_ERRBUF_SIZE];
  bpf_u_int32 net = 0, mask = 0;
  if (pcap_lookupnet(device, &net, &mask, errbuf) == -1) mask = PCAP_NETMASK_UNKNOWN;
  struct bpf_program prog;
  if (pcap_compile(c->p, &prog, filter, 1, mask) == -1) return fail(e, PCAP_ERROR, "filter", pcap_geterr(c->p));
  int r = pcap_setfilter(c->p, &prog);
  pcap_freecode(&prog);
  if (r == -1) return fail(e, PCAP_ERROR, "filter", pcap_geterr(c->p));
  return 0;
}

int nl_compile_check(const char *filter, int link_type, int snaplen, char *msg, size_t msg_len) {
  pcap_t *p = pcap_open_dead(link_type, snaplen);
  if (!p) {
    snprintf(msg, msg_len, "libpcap could not make a handle to compile on");
    return -1;
  }
  struct bpf_program prog;
  int r = 0;
  if (pcap_compile(p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) != 0) {
    snprintf(msg, msg_len, "%s", pcap_geterr(p));
    r = -1;
  } else {
    pcap_freecode(&prog);
  }
  pcap_close(p);
  return r;
}

void nl_capture_close(nl_capture *c) {
  if (c->p) pcap_close(c->p);
  c->p = NULL;
  c->fd = -1;
}

/*
 * Opening a live capture with libpcap: the one piece of code the Node-API binding
 * (netlens_pcap.c) and the privileged helper (netlens_capture.c) share, so both open an
 * interface the same way (snaplen, kernel buffer, TPACKET_V3 blocks with a read timeout,
 * nanosecond timestamps, non-blocking) and fail with the same stages and libpcap's own words.
 *
 * Opening is split in two: nl_capture_activate() is the only step that needs capture
 * privileges; nl_capture_set_filter() compiles and applies the BPF filter and needs none (the
 * helper drops its capabilities between the two, so libpcap's filter compiler never runs with
 * them). Strings of any length are taken whole (issue 11: a fixed char filter[8192] once cut
 * longer filters and captured what the cut-off tail excluded).
 */
#ifndef NETLENS_CAPTURE_OPEN_H
#define NETLENS_CAPTURE_OPEN_H

#include <pcap/pcap.h>
#include <stddef.h>

#define NL_MSG_LEN (PCAP_ERRBUF_SIZE + 64)
#define NL_DEFAULT_SNAPLEN 262144
#define NL_MIN_SNAPLEN 64
#define NL_DEFAULT_BUFFER_BYTES (64 << 20)
#define NL_DEFAULT_TIMEOUT_MS 50

typedef struct {
  int snaplen;
  int buffer_size; /* bytes */
  int timeout_ms;
  int immediate;
  int promisc;
} nl_capture_opts;

/* Why opening failed: libpcap's status (< 0), the stage ("create", "activate", "filter") and message. */
typedef struct {
  int status;
  const char *stage;
  char message[NL_MSG_LEN];
} nl_capture_error;

typedef struct {
  pcap_t *p;
  int nano;      /* timestamps are in nanoseconds (else microseconds) */
  int snaplen;   /* what libpcap settled on */
  int link_type; /* DLT_* */
  int fd;        /* selectable descriptor, -1 where there is none */
  char warning[NL_MSG_LEN]; /* pcap_activate's warning, "" when none */
} nl_capture;

void nl_capture_default_opts(nl_capture_opts *o);

/* pcap_create + options + pcap_activate + non-blocking. 0 on success, else -1 with *e filled (nothing left open). */
int nl_capture_activate(const char *device, const nl_capture_opts *o, nl_capture *c, nl_capture_error *e);

/* Compiles `filter` for the open capture and applies it ("" applies none). 0 or -1 with *e filled (c stays open). */
int nl_capture_set_filter(nl_capture *c, const char *device, const char *filter, nl_capture_error *e);

/* Compiles `filter` on a dead handle of `link_type`: 0 when valid, else -1 with libpcap's message in msg. */
int nl_compile_check(const char *filter, int link_type, int snaplen, char *msg, size_t msg_len);

void nl_capture_close(nl_capture *c);

#endif

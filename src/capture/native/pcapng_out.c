/* netlens-capture's pcapng stream: see pcapng_out.h. Block layouts: draft-ietf-opsawg-pcapng. */
#include "pcapng_out.h"

#include <errno.h>
#include <string.h>
#include <sys/time.h>
#ifndef _WIN32
#include <poll.h>
#include <unistd.h>
#endif

#define BT_SHB 0x0A0D0D0Au
#define BT_IDB 0x00000001u
#define BT_ISB 0x00000005u
#define BT_EPB 0x00000006u
#define BYTE_ORDER_MAGIC 0x1A2B3C4Du
#define OPT_ENDOFOPT 0
#define OPT_COMMENT 1
#define SHB_USERAPPL 4
#define IF_NAME 2
#define IF_TSRESOL 9
#define IF_FILTER 11
#define ISB_ENDTIME 3
#define ISB_IFRECV 4
#define ISB_IFDROP 5
#define ISB_OSDROP 7
#define PAD4(n) (((n) + 3u) & ~(size_t)3u)
/* The largest block this writer makes besides packets: an IDB with a 65534-byte filter and a comment. */
#define MAX_META_BLOCK (70 * 1024)

static void put32(nl_out *o, uint32_t v) {
  memcpy(o->buf + o->used, &v, 4);
  o->used += 4;
}

static void put16(nl_out *o, uint16_t v) {
  memcpy(o->buf + o->used, &v, 2);
  o->used += 2;
}

static void put64(nl_out *o, uint64_t v) {
  memcpy(o->buf + o->used, &v, 8);
  o->used += 8;
}

static void put_bytes(nl_out *o, const void *p, size_t n) {
  memcpy(o->buf + o->used, p, n);
  memset(o->buf + o->used + n, 0, PAD4(n) - n);
  o->used += PAD4(n);
}

/* One option; values longer than a 16-bit length are cut (the callers' strings are bounded below that). */
static void put_option(nl_out *o, uint16_t code, const void *value, size_t len) {
  if (len > 0xFFFF) len = 0xFFFF;
  put16(o, code);
  put16(o, (uint16_t)len);
  put_bytes(o, value, len);
}

static void put_string_option(nl_out *o, uint16_t code, const char *s, size_t max) {
  size_t n = strnlen(s, max);
  if (n) put_option(o, code, s, n);
}

/* Starts a block: returns where its total length goes (written by end_block). */
static size_t begin_block(nl_out *o, uint32_t type) {
  put32(o, type);
  size_t at = o->used;
  put32(o, 0);
  return at;
}

static void end_block(nl_out *o, size_t len_at) {
  uint32_t total = (uint32_t)(o->used + 4 - (len_at - 4));
  memcpy(o->buf + len_at, &total, 4);
  put32(o, total);
}

static void room(nl_out *o, size_t n) {
  if (NL_OUT_BUFFER - o->used < n) nl_out_flush(o);
}

void nl_out_init(nl_out *o, int fd) {
  o->fd = fd;
  o->nano = 0;
  o->snaplen = 0;
  o->error = 0;
  o->used = 0;
}

void nl_out_header(nl_out *o, const char *app, int link_type, int snaplen, int nano, const char *device,
                   const char *filter, const char *warning) {
  o->nano = nano;
  o->snaplen = snaplen;
  room(o, MAX_META_BLOCK);
  size_t at = begin_block(o, BT_SHB);
  put32(o, BYTE_ORDER_MAGIC);
  put16(o, 1); /* version 1.0 */
  put16(o, 0);
  put64(o, UINT64_MAX); /* section length: unknown (a stream) */
  put_string_option(o, SHB_USERAPPL, app, 256);
  put_option(o, OPT_ENDOFOPT, NULL, 0);
  end_block(o, at);

  at = begin_block(o, BT_IDB);
  put16(o, (uint16_t)link_type);
  put16(o, 0);
  put32(o, (uint32_t)snaplen);
  put_string_option(o, IF_NAME, device, 256);
  uint8_t tsresol = nano ? 9 : 6;
  put_option(o, IF_TSRESOL, &tsresol, 1);
  size_t flen = strnlen(filter, 65534);
  if (flen) {
    uint8_t f[65535];
    f[0] = 0; /* a libpcap filter string */
    memcpy(f + 1, filter, flen);
    put_option(o, IF_FILTER, f, flen + 1);
  }
  put_string_option(o, OPT_COMMENT, warning, 1024);
  put_option(o, OPT_ENDOFOPT, NULL, 0);
  end_block(o, at);
}

static uint64_t units(int nano, uint64_t sec, uint64_t frac) {
  return sec * (nano ? 1000000000u : 1000000u) + frac;
}

void nl_out_packet(nl_out *o, const struct pcap_pkthdr *h, const u_char *data) {
  uint32_t cap = h->caplen > (uint32_t)o->snaplen ? (uint32_t)o->snaplen : h->caplen;
  room(o, 32 + PAD4(cap));
  size_t at = begin_block(o, BT_EPB);
  uint64_t ts = units(o->nano, (uint64_t)h->ts.tv_sec, (uint64_t)h->ts.tv_usec);
  put32(o, 0); /* interface 0 */
  put32(o, (uint32_t)(ts >> 32));
  put32(o, (uint32_t)ts);
  put32(o, cap);
  put32(o, h->len);
  put_bytes(o, data, cap);
  end_block(o, at);
}

void nl_out_stats(nl_out *o, const nl_counts *c, const char *end_comment) {
  struct timeval now;
  gettimeofday(&now, NULL);
  uint64_t ts = units(o->nano, (uint64_t)now.tv_sec, (uint64_t)now.tv_usec * (o->nano ? 1000u : 1u));
  uint32_t tsv[2] = { (uint32_t)(ts >> 32), (uint32_t)ts };
  room(o, 2048);
  size_t at = begin_block(o, BT_ISB);
  put32(o, 0);
  put32(o, tsv[0]);
  put32(o, tsv[1]);
  if (end_comment) put_option(o, ISB_ENDTIME, tsv, 8);
  put_option(o, ISB_IFRECV, &c->recv, 8);
  put_option(o, ISB_IFDROP, &c->if_drop, 8);
  put_option(o, ISB_OSDROP, &c->os_drop, 8);
  if (end_comment && end_comment[0]) {
    char text[1024];
    size_t n = 0;
    const char *prefix = "error: ";
    for (const char *p = prefix; *p && n < sizeof text; p++) text[n++] = *p;
    for (const char *p = end_comment; *p && n < sizeof text; p++) text[n++] = *p;
    put_option(o, OPT_COMMENT, text, n);
  }
  put_option(o, OPT_ENDOFOPT, NULL, 0);
  end_block(o, at);
}

int nl_out_flush(nl_out *o) {
  size_t off = 0;
  while (off < o->used && !o->error) {
#ifndef _WIN32
    ssize_t n = write(o->fd, o->buf + off, o->used - off);
    if (n > 0) {
      off += (size_t)n;
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      struct pollfd p = { o->fd, POLLOUT, 0 };
      poll(&p, 1, 1000);
    } else {
      o->error = n < 0 ? errno : EIO;
    }
#else
    o->error = EIO;
#endif
  }
  o->used = 0;
  return o->error ? -1 : 0;
}

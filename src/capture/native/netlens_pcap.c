/*
 * netlens_pcap: the small piece of libpcap that the npm package `cap` does not expose, measured to
 * be needed (see README.md beside this file):
 *   - the per-packet timestamp and original length (cap gives neither);
 *   - pcap_stats, so kernel drops are a number rather than "unknown";
 *   - a capture error as a value: cap asserts (aborts the process) when its fd reports POLLERR,
 *     which is what happens when the interface is deleted mid-capture;
 *   - batch delivery: one JS call per batch of packets instead of one per packet;
 *   - pcap_findalldevs' flags (up, running, wireless, connection status).
 * Plain C on Node-API (node_api.h) plus libuv's poll on libpcap's selectable fd: it runs on the
 * main thread's loop, never in a worker.
 *
 * Batch layout (little-endian, in the Buffer given to open(), which this module keeps a strong
 * reference to for the life of the handle): per packet a 16-byte header
 *   u32 tsSec, u32 tsNsec, u32 capLen, u32 origLen
 * followed by capLen bytes, padded to a multiple of 8.
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <uv.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include "capture_open.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifndef _WIN32
#include <arpa/inet.h>
#include <sys/socket.h>
#include <netinet/in.h>
#endif

#define REC_HDR 16
#define PAD8(n) (((n) + 7u) & ~7u)

typedef struct {
  napi_env env;
  pcap_t *p;
  uv_poll_t poll;
  int poll_inited;
  int closing;
  int closed;
  int free_on_close;
  int paused;
  int nano;
  int snaplen;
  uint32_t max_batch;
  double paused_packets;
  napi_ref buf_ref;
  uint8_t *buf;
  size_t buf_len;
  napi_ref batch_cb; /* (count, used) */
  napi_ref error_cb; /* (status, message) */
} Handle;

#define CHECK(call) do { if ((call) != napi_ok) { napi_throw_error(env, NULL, "netlens_pcap: " #call " failed"); return NULL; } } while (0)

static napi_value make_str(napi_env env, const char *s) {
  napi_value v;
  napi_create_string_utf8(env, s ? s : "", NAPI_AUTO_LENGTH, &v);
  return v;
}

static napi_value make_num(napi_env env, double d) {
  napi_value v;
  napi_create_double(env, d, &v);
  return v;
}

static void set_prop(napi_env env, napi_value obj, const char *key, napi_value v) {
  napi_set_named_property(env, obj, key, v);
}

static void release_refs(Handle *h) {
  if (h->buf_ref) { napi_delete_reference(h->env, h->buf_ref); h->buf_ref = NULL; }
  if (h->batch_cb) { napi_delete_reference(h->env, h->batch_cb); h->batch_cb = NULL; }
  if (h->error_cb) { napi_delete_reference(h->env, h->error_cb); h->error_cb = NULL; }
  h->buf = NULL;
  h->buf_len = 0;
}

static void on_closed(uv_handle_t *u) {
  Handle *h = (Handle *)u->data;
  if (h->p) { pcap_close(h->p); h->p = NULL; }
  release_refs(h);
  h->closed = 1;
  if (h->free_on_close) free(h);
}

static void do_close(Handle *h) {
  if (h->closing) return;
  h->closing = 1;
  if (h->poll_inited) {
    uv_poll_stop(&h->poll);
    uv_close((uv_handle_t *)&h->poll, on_closed);
  } else {
    if (h->p) { pcap_close(h->p); h->p = NULL; }
    release_refs(h);
    h->closed = 1;
  }
}

static void finalize_handle(napi_env env, void *data, void *hint) {
  (void)env; (void)hint;
  Handle *h = (Handle *)data;
  if (h->closed) { free(h); return; }
  h->free_on_close = 1;
  do_close(h);
}

/* Calls a JS callback held by reference, inside a handle scope, from the loop. */
static void call_js(Handle *h, napi_ref ref, size_t argc, napi_value *argv) {
  napi_env env = h->env;
  napi_value fn, global, result;
  if (!ref || napi_get_reference_value(env, ref, &fn) != napi_ok || fn == NULL) return;
  napi_get_global(env, &global);
  if (napi_call_function(env, global, fn, argc, argv, &result) == napi_pending_exception) {
    napi_value exc;
    napi_get_and_clear_last_exception(env, &exc);
    napi_fatal_exception(env, exc);
  }
}

static void emit_batch(Handle *h, uint32_t count, size_t used) {
  napi_handle_scope scope;
  napi_open_handle_scope(h->env, &scope);
  napi_value argv[2] = { make_num(h->env, count), make_num(h->env, (double)used) };
  call_js(h, h->batch_cb, 2, argv);
  napi_close_handle_scope(h->env, scope);
}

static void emit_error(Handle *h, int status, const char *msg) {
  napi_handle_scope scope;
  napi_open_handle_scope(h->env, &scope);
  napi_value argv[2] = { make_num(h->env, status), make_str(h->env, msg) };
  call_js(h, h->error_cb, 2, argv);
  napi_close_handle_scope(h->env, scope);
}

static void on_poll(uv_poll_t *w, int status, int events) {
  (void)events;
  Handle *h = (Handle *)w->data;
  if (h->closing || !h->p) return;
  size_t used = 0;
  uint32_t count = 0;
  int err = 0;
  size_t need = REC_HDR + PAD8((size_t)h->snaplen);
  /* On a poll error (POLLERR: the interface went away) drain everything libpcap still has. */
  int drain_all = status < 0;
  for (;;) {
    if (count >= h->max_batch || h->buf_len - used < need) {
      if (!drain_all) break;
      emit_batch(h, count, used);
      if (h->closing) return;
      used = 0;
      count = 0;
    }
    struct pcap_pkthdr *hdr;
    const u_char *data;
    int r = pcap_next_ex(h->p, &hdr, &data);
    if (r == 0) break;
    if (r < 0) { err = r; break; }
    if (h->paused) { h->paused_packets += 1; continue; }
    uint32_t cap = hdr->caplen;
    if (cap > (uint32_t)h->snaplen) cap = (uint32_t)h->snaplen;
    uint32_t *rec = (uint32_t *)(h->buf + used);
    rec[0] = (uint32_t)hdr->ts.tv_sec;
    rec[1] = h->nano ? (uint32_t)hdr->ts.tv_usec : (uint32_t)hdr->ts.tv_usec * 1000u;
    rec[2] = cap;
    rec[3] = hdr->len;
    memcpy(h->buf + used + REC_HDR, data, cap);
    used += REC_HDR + PAD8(cap);
    count++;
  }
  if (count > 0) {
    emit_batch(h, count, used);
    if (h->closing) return;
  }
  if (err || status < 0) {
    char msg[PCAP_ERRBUF_SIZE + 64];
    if (err) snprintf(msg, sizeof msg, "%s", pcap_geterr(h->p));
    else snprintf(msg, sizeof msg, "capture poll failed: %s", uv_strerror(status));
    uv_poll_stop(&h->poll);
    emit_error(h, err ? err : PCAP_ERROR, msg);
  }
}

/* A JS string copied whole into malloc'd memory (the caller frees it); NULL when v is not a string. */
static char *dup_string(napi_env env, napi_value v) {
  size_t len;
  if (napi_get_value_string_utf8(env, v, NULL, 0, &len) != napi_ok) return NULL;
  char *out = (char *)malloc(len + 1);
  if (!out) return NULL;
  if (napi_get_value_string_utf8(env, v, out, len + 1, &len) != napi_ok) {
    free(out);
    return NULL;
  }
  return out;
}

static napi_value open_error(napi_env env, int status, const char *stage, const char *msg) {
  napi_value o;
  napi_create_object(env, &o);
  set_prop(env, o, "status", make_num(env, status));
  set_prop(env, o, "stage", make_str(env, stage));
  set_prop(env, o, "message", make_str(env, msg));
  return o;
}

/*
 * open(device, filter, opts{snaplen, bufferSize, timeoutMs, immediate, promisc, maxBatch}, buffer, onBatch, onError)
 * -> { handle, linkType, nano, warning } | { status, stage, message }
 */
static napi_value Open(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 6) { napi_throw_type_error(env, NULL, "open: expected 6 arguments"); return NULL; }
  int32_t snaplen = NL_DEFAULT_SNAPLEN, buffer_size = NL_DEFAULT_BUFFER_BYTES, timeout_ms = NL_DEFAULT_TIMEOUT_MS;
  uint32_t max_batch = 8192;
  bool immediate = false, promisc = true;
  napi_value v;
  if (napi_get_named_property(env, argv[2], "snaplen", &v) == napi_ok) napi_get_value_int32(env, v, &snaplen);
  if (napi_get_named_property(env, argv[2], "bufferSize", &v) == napi_ok) napi_get_value_int32(env, v, &buffer_size);
  if (napi_get_named_property(env, argv[2], "timeoutMs", &v) == napi_ok) napi_get_value_int32(env, v, &timeout_ms);
  if (napi_get_named_property(env, argv[2], "maxBatch", &v) == napi_ok) napi_get_value_uint32(env, v, &max_batch);
  if (napi_get_named_property(env, argv[2], "immediate", &v) == napi_ok) napi_get_value_bool(env, v, &immediate);
  if (napi_get_named_property(env, argv[2], "promisc", &v) == napi_ok) napi_get_value_bool(env, v, &promisc);
  bool is_buf;
  CHECK(napi_is_buffer(env, argv[3], &is_buf));
  if (!is_buf) { napi_throw_type_error(env, NULL, "open: buffer must be a Buffer"); return NULL; }
  void *buf_data;
  size_t buf_len;
  CHECK(napi_get_buffer_info(env, argv[3], &buf_data, &buf_len));
  if (snaplen < 64) snaplen = 64;
  if (buf_len < REC_HDR + PAD8((size_t)snaplen)) {
    napi_throw_range_error(env, NULL, "open: buffer is smaller than one record of snaplen bytes");
    return NULL;
  }
  if (max_batch == 0) max_batch = 1;

  char *device = dup_string(env, argv[0]);
  char *filter = dup_string(env, argv[1]);
  if (!device || !filter) {
    free(device);
    free(filter);
    napi_throw_type_error(env, NULL, "open: device and filter must be strings");
    return NULL;
  }
  nl_capture_opts o = { snaplen, buffer_size, timeout_ms, immediate ? 1 : 0, promisc ? 1 : 0 };
  nl_capture c;
  nl_capture_error e;
  int failed = nl_capture_activate(device, &o, &c, &e) != 0;
  if (!failed && nl_capture_set_filter(&c, device, filter, &e) != 0) {
    nl_capture_close(&c);
    failed = 1;
  }
  if (!failed && c.fd < 0) {
    nl_capture_close(&c);
    e.status = PCAP_ERROR;
    e.stage = "activate";
    snprintf(e.message, sizeof e.message, "this platform gives no selectable descriptor for the capture");
    failed = 1;
  }
  free(device);
  free(filter);
  if (failed) return open_error(env, e.status, e.stage, e.message);
  pcap_t *p = c.p;
  int fd = c.fd;

  Handle *h = (Handle *)calloc(1, sizeof(Handle));
  if (!h) {
    nl_capture_close(&c);
    napi_throw_error(env, NULL, "netlens_pcap: out of memory");
    return NULL;
  }
  h->env = env;
  h->p = p;
  h->nano = c.nano;
  h->snaplen = c.snaplen;
  h->max_batch = max_batch;
  h->buf = (uint8_t *)buf_data;
  h->buf_len = buf_len;
  napi_create_reference(env, argv[3], 1, &h->buf_ref);
  napi_create_reference(env, argv[4], 1, &h->batch_cb);
  napi_create_reference(env, argv[5], 1, &h->error_cb);

  uv_loop_t *loop;
  CHECK(napi_get_uv_event_loop(env, &loop));
  if (uv_poll_init(loop, &h->poll, fd) != 0) {
    release_refs(h);
    pcap_close(p);
    free(h);
    return open_error(env, PCAP_ERROR, "activate", "could not watch the capture descriptor");
  }
  h->poll.data = h;
  h->poll_inited = 1;
  uv_poll_start(&h->poll, UV_READABLE, on_poll);

  napi_value ext, out;
  CHECK(napi_create_external(env, h, finalize_handle, NULL, &ext));
  CHECK(napi_create_object(env, &out));
  set_prop(env, out, "handle", ext);
  set_prop(env, out, "linkType", make_num(env, c.link_type));
  set_prop(env, out, "snaplen", make_num(env, h->snaplen));
  napi_value b;
  napi_get_boolean(env, c.nano, &b);
  set_prop(env, out, "nano", b);
  set_prop(env, out, "warning", make_str(env, c.warning));
  return out;
}

static Handle *get_handle(napi_env env, napi_callback_info info, size_t *argc, napi_value *argv) {
  CHECK(napi_get_cb_info(env, info, argc, argv, NULL, NULL));
  if (*argc < 1) { napi_throw_type_error(env, NULL, "expected a capture handle"); return NULL; }
  void *data;
  if (napi_get_value_external(env, argv[0], &data) != napi_ok) {
    napi_throw_type_error(env, NULL, "expected a capture handle");
    return NULL;
  }
  return (Handle *)data;
}

/* stats(handle) -> { received, dropped, ifDropped, pausedPackets } | null when the platform cannot say. */
static napi_value Stats(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  Handle *h = get_handle(env, info, &argc, argv);
  if (!h) return NULL;
  napi_value out;
  if (!h->p || h->closing) { napi_get_null(env, &out); return out; }
  struct pcap_stat ps;
  if (pcap_stats(h->p, &ps) != 0) { napi_get_null(env, &out); return out; }
  napi_create_object(env, &out);
  set_prop(env, out, "received", make_num(env, ps.ps_recv));
  set_prop(env, out, "dropped", make_num(env, ps.ps_drop));
  set_prop(env, out, "ifDropped", make_num(env, ps.ps_ifdrop));
  set_prop(env, out, "pausedPackets", make_num(env, h->paused_packets));
  return out;
}

static napi_value SetPaused(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  Handle *h = get_handle(env, info, &argc, argv);
  if (!h) return NULL;
  bool paused = false;
  if (argc > 1) napi_get_value_bool(env, argv[1], &paused);
  h->paused = paused ? 1 : 0;
  return NULL;
}

static napi_value Close(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  Handle *h = get_handle(env, info, &argc, argv);
  if (!h) return NULL;
  do_close(h);
  return NULL;
}

static void push_addr(napi_env env, napi_value arr, uint32_t *n, struct sockaddr *sa, struct sockaddr *mask) {
  if (!sa) return;
  char s[INET6_ADDRSTRLEN] = { 0 }, m[INET6_ADDRSTRLEN] = { 0 };
  const char *family;
  if (sa->sa_family == AF_INET) {
    inet_ntop(AF_INET, &((struct sockaddr_in *)sa)->sin_addr, s, sizeof s);
    if (mask) inet_ntop(AF_INET, &((struct sockaddr_in *)mask)->sin_addr, m, sizeof m);
    family = "IPv4";
  } else if (sa->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &((struct sockaddr_in6 *)sa)->sin6_addr, s, sizeof s);
    if (mask) inet_ntop(AF_INET6, &((struct sockaddr_in6 *)mask)->sin6_addr, m, sizeof m);
    family = "IPv6";
  } else {
    return;
  }
  napi_value o;
  napi_create_object(env, &o);
  set_prop(env, o, "family", make_str(env, family));
  set_prop(env, o, "address", make_str(env, s));
  set_prop(env, o, "netmask", make_str(env, m));
  napi_set_element(env, arr, (*n)++, o);
}

/* deviceList() -> [{ name, description, flags, addresses: [{family, address, netmask}] }] | { error } */
static napi_value DeviceList(napi_env env, napi_callback_info info) {
  (void)info;
  char errbuf[PCAP_ERRBUF_SIZE];
  pcap_if_t *all = NULL;
  napi_value out;
  if (pcap_findalldevs(&all, errbuf) == -1) {
    napi_create_object(env, &out);
    set_prop(env, out, "error", make_str(env, errbuf));
    return out;
  }
  napi_create_array(env, &out);
  uint32_t i = 0;
  for (pcap_if_t *d = all; d; d = d->next) {
    napi_value o, addrs;
    napi_create_object(env, &o);
    set_prop(env, o, "name", make_str(env, d->name));
    set_prop(env, o, "description", make_str(env, d->description));
    set_prop(env, o, "flags", make_num(env, d->flags));
    napi_create_array(env, &addrs);
    uint32_t n = 0;
    for (pcap_addr_t *a = d->addresses; a; a = a->next) push_addr(env, addrs, &n, a->addr, a->netmask);
    set_prop(env, o, "addresses", addrs);
    napi_set_element(env, out, i++, o);
  }
  pcap_freealldevs(all);
  return out;
}

/*
 * compileFilter(filter, linkType, snaplen): null when libpcap compiles the filter for that link
 * type, else its error message. Uses a "dead" handle, so it needs no capture permission (the
 * app checks a filter as it is typed, before anything is opened).
 */
static napi_value CompileFilter(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int32_t link_type = 1, snaplen = NL_DEFAULT_SNAPLEN;
  char *filter = argc < 1 ? NULL : dup_string(env, argv[0]);
  if (!filter) {
    napi_throw_type_error(env, NULL, "compileFilter(filter, linkType, snaplen): filter must be a string");
    return NULL;
  }
  if (argc > 1) napi_get_value_int32(env, argv[1], &link_type);
  if (argc > 2) napi_get_value_int32(env, argv[2], &snaplen);
  char msg[NL_MSG_LEN];
  napi_value out;
  if (nl_compile_check(filter, link_type, snaplen, msg, sizeof msg) != 0) out = make_str(env, msg);
  else napi_get_null(env, &out);
  free(filter);
  return out;
}

static napi_value LibVersion(napi_env env, napi_callback_info info) {
  (void)info;
  return make_str(env, pcap_lib_version());
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    { "open", NULL, Open, NULL, NULL, NULL, napi_default, NULL },
    { "stats", NULL, Stats, NULL, NULL, NULL, napi_default, NULL },
    { "setPaused", NULL, SetPaused, NULL, NULL, NULL, napi_default, NULL },
    { "close", NULL, Close, NULL, NULL, NULL, napi_default, NULL },
    { "deviceList", NULL, DeviceList, NULL, NULL, NULL, napi_default, NULL },
    { "libVersion", NULL, LibVersion, NULL, NULL, NULL, napi_default, NULL },
    { "compileFilter", NULL, CompileFilter, NULL, NULL, NULL, napi_default, NULL },
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)

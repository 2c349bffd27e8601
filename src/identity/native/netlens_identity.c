/*
 * netlens_identity: which program owns a TCP or UDP socket, for "who is on the other end"
 * (src/identity/process/). A separate Node-API module from the capture binding: it needs no
 * libpcap, no privileges beyond what the OS asks to read other users' sockets, and is safe to load
 * in a worker thread (it keeps its netlink socket per instance, nothing global).
 *
 *   platform                    'linux' | 'darwin' | 'win32' | 'other'
 *   list(proto, family)         Uint32Array of ROW_WORDS-word rows (sockets.h), or a negative errno
 *   query(proto, family, local: Uint32Array(4), lport, remote: Uint32Array(4), rport)
 *                               Linux: one row (Uint32Array) or null when no socket matches, or a
 *                               negative errno; elsewhere -38 (ENOSYS)
 *   processPath(pid)            macOS/Windows: { name, path } or null; Linux: null (/proc answers)
 */
#include <node_api.h>
#include <stdlib.h>
#include <string.h>
#include "sockets.h"

#define CHECK(call)                                                             \
  do {                                                                          \
    if ((call) != napi_ok) {                                                    \
      napi_throw_error(env, NULL, "netlens_identity: " #call " failed");        \
      return NULL;                                                              \
    }                                                                           \
  } while (0)

uint32_t *rowbuf_add(RowBuf *b) {
  if (b->count == b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 256;
    uint32_t *rows = realloc(b->rows, cap * ROW_WORDS * sizeof(uint32_t));
    if (!rows) return NULL;
    b->rows = rows;
    b->cap = cap;
  }
  uint32_t *r = b->rows + b->count * ROW_WORDS;
  memset(r, 0, ROW_WORDS * sizeof(uint32_t));
  b->count++;
  return r;
}

static napi_value u32_array(napi_env env, const uint32_t *words, size_t n) {
  napi_value ab, arr;
  void *data;
  CHECK(napi_create_arraybuffer(env, n * sizeof(uint32_t), &data, &ab));
  if (n) memcpy(data, words, n * sizeof(uint32_t));
  CHECK(napi_create_typedarray(env, napi_uint32_array, n, ab, 0, &arr));
  return arr;
}

static napi_value int_value(napi_env env, int v) {
  napi_value r;
  napi_create_int32(env, v, &r);
  return r;
}

static int get_int(napi_env env, napi_value v, int *out) { return napi_get_value_int32(env, v, out) == napi_ok; }

static int get_words(napi_env env, napi_value v, uint32_t out[4]) {
  napi_typedarray_type type;
  size_t len;
  void *data;
  if (napi_get_typedarray_info(env, v, &type, &len, &data, NULL, NULL) != napi_ok) return 0;
  if (type != napi_uint32_array || len < 4) return 0;
  memcpy(out, data, 4 * sizeof(uint32_t));
  return 1;
}

static napi_value List(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  int proto, family;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 2 || !get_int(env, argv[0], &proto) || !get_int(env, argv[1], &family)) {
    napi_throw_type_error(env, NULL, "list(proto, family)");
    return NULL;
  }
  RowBuf buf = {0};
  int rc = sockets_list(proto, family, &buf);
  napi_value out = rc < 0 ? int_value(env, rc) : u32_array(env, buf.rows, buf.count * ROW_WORDS);
  free(buf.rows);
  return out;
}

static napi_value Query(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  int proto, family, lport, rport;
  uint32_t local[4], remote[4];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 6 || !get_int(env, argv[0], &proto) || !get_int(env, argv[1], &family) ||
      !get_words(env, argv[2], local) || !get_int(env, argv[3], &lport) || !get_words(env, argv[4], remote) ||
      !get_int(env, argv[5], &rport)) {
    napi_throw_type_error(env, NULL, "query(proto, family, local, lport, remote, rport)");
    return NULL;
  }
  uint32_t row[ROW_WORDS];
  memset(row, 0, sizeof row);
  int rc = socket_query(proto, family, local, lport, remote, rport, row);
  if (rc < 0) return int_value(env, rc);
  if (rc == 0) {
    napi_value n;
    napi_get_null(env, &n);
    return n;
  }
  return u32_array(env, row, ROW_WORDS);
}

static napi_value ProcessPath(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], out, s;
  uint32_t pid;
  char name[256], path[4096];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 1 || napi_get_value_uint32(env, argv[0], &pid) != napi_ok) {
    napi_throw_type_error(env, NULL, "processPath(pid)");
    return NULL;
  }
  name[0] = path[0] = 0;
  if (!process_path(pid, name, sizeof name, path, sizeof path)) {
    napi_get_null(env, &out);
    return out;
  }
  CHECK(napi_create_object(env, &out));
  CHECK(napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &s));
  CHECK(napi_set_named_property(env, out, "name", s));
  CHECK(napi_create_string_utf8(env, path, NAPI_AUTO_LENGTH, &s));
  CHECK(napi_set_named_property(env, out, "path", s));
  return out;
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_value fn, platform;
#if defined(__linux__)
  const char *os = "linux";
#elif defined(__APPLE__)
  const char *os = "darwin";
#elif defined(_WIN32)
  const char *os = "win32";
#else
  const char *os = "other";
#endif
  CHECK(napi_create_string_utf8(env, os, NAPI_AUTO_LENGTH, &platform));
  CHECK(napi_set_named_property(env, exports, "platform", platform));
  CHECK(napi_create_function(env, "list", NAPI_AUTO_LENGTH, List, NULL, &fn));
  CHECK(napi_set_named_property(env, exports, "list", fn));
  CHECK(napi_create_function(env, "query", NAPI_AUTO_LENGTH, Query, NULL, &fn));
  CHECK(napi_set_named_property(env, exports, "query", fn));
  CHECK(napi_create_function(env, "processPath", NAPI_AUTO_LENGTH, ProcessPath, NULL, &fn));
  CHECK(napi_set_named_property(env, exports, "processPath", fn));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)

#if !defined(__linux__) && !defined(__APPLE__) && !defined(_WIN32)
/* Another OS: no socket owners (the engine says so). */
int sockets_list(int proto, int family, RowBuf *out) { (void)proto, (void)family, (void)out; return -38; }
int socket_query(int proto, int family, const uint32_t local[4], int lport, const uint32_t remote[4], int rport,
                 uint32_t *row) {
  (void)proto, (void)family, (void)local, (void)lport, (void)remote, (void)rport, (void)row;
  return -38;
}
int process_path(uint32_t pid, char *name, size_t name_len, char *path, size_t path_len) {
  (void)pid, (void)name, (void)name_len, (void)path, (void)path_len;
  return 0;
}
#endif

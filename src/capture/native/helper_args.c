/* netlens-capture's argument parser: see helper_args.h. */
#include "helper_args.h"

#include <stdio.h>
#include <string.h>

#include "capture_open.h"

const char NL_USAGE[] =
    "Usage: netlens-capture -i IFACE [-f FILTER] [-s SNAPLEN] [-B BUFFER_MB] [-p]\n"
    "\n"
    "Captures on one interface and writes pcapng to stdout (a pipe: it refuses a terminal),\n"
    "with interface statistics blocks for libpcap's counters and, when the capture ends by\n"
    "itself, a last one whose comment says why. It writes no file. NetLens starts it; it also\n"
    "feeds Wireshark: netlens-capture -i eth0 | wireshark -k -i -\n"
    "\n"
    "  -i IFACE      interface to capture on (one that libpcap lists)\n"
    "  -f FILTER     BPF capture filter, as tcpdump takes it (at most 65534 bytes)\n"
    "  -s SNAPLEN    bytes kept of each packet, 64..262144 (default 262144)\n"
    "  -B BUFFER_MB  kernel capture buffer, 1..2047 MB (default 64)\n"
    "  -p            do not put the interface in promiscuous mode\n"
    "  -h, --help    this text;  -v, --version  version and libpcap's\n"
    "\n"
    "Exit codes: 0 stopped (SIGTERM, SIGINT, SIGHUP) or the reader went away, 1 internal error,\n"
    "2 bad arguments, unknown interface or invalid filter, 3 no permission, 4 the interface\n"
    "went away or down, 5 writing to stdout failed.\n";

static int fail(char *err, size_t err_len, const char *what, const char *detail) {
  snprintf(err, err_len, "%s%s", what, detail ? detail : "");
  return -1;
}

/* A decimal integer in [lo, hi], digits only (no sign, no spaces, at most 9 digits). */
static int parse_int(const char *s, int lo, int hi, int *out) {
  size_t n = strlen(s);
  if (n == 0 || n > 9) return -1;
  long v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  if (v < lo || v > hi) return -1;
  *out = (int)v;
  return 0;
}

static int valid_device(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n > NL_MAX_DEVICE || s[0] == '-') return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == 0x7f) return 0;
  }
  return 1;
}

int nl_parse_args(int argc, char **argv, nl_args *a, char *err, size_t err_len) {
  memset(a, 0, sizeof *a);
  a->action = NL_RUN;
  a->filter = "";
  a->snaplen = NL_DEFAULT_SNAPLEN;
  a->buffer_mb = NL_DEFAULT_BUFFER_BYTES >> 20;
  a->promisc = 1;
  int seen_f = 0, seen_s = 0, seen_b = 0, seen_p = 0;
  if (argc < 2) return fail(err, err_len, "no interface: give one with -i IFACE", NULL);
  if (argc > 12) return fail(err, err_len, "too many arguments", NULL);
  for (int i = 1; i < argc; i++) {
    const char *o = argv[i];
    if (!strcmp(o, "-h") || !strcmp(o, "--help") || !strcmp(o, "-v") || !strcmp(o, "--version")) {
      if (argc != 2) return fail(err, err_len, o, " takes no other arguments");
      a->action = (o[1] == 'h' || o[2] == 'h') ? NL_HELP : NL_VERSION;
      return 0;
    }
    if (!strcmp(o, "-p")) {
      if (seen_p++) return fail(err, err_len, "-p given twice", NULL);
      a->promisc = 0;
      continue;
    }
    int takes_value = !strcmp(o, "-i") || !strcmp(o, "-f") || !strcmp(o, "-s") || !strcmp(o, "-B");
    if (!takes_value) {
      char shown[40];
      snprintf(shown, sizeof shown, "%.32s%s", o, strlen(o) > 32 ? "..." : "");
      for (char *c = shown; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f) *c = '?';
      return fail(err, err_len, "unknown argument: ", shown);
    }
    if (i + 1 >= argc) return fail(err, err_len, o, " needs a value");
    const char *v = argv[++i];
    switch (o[1]) {
      case 'i':
        if (a->device) return fail(err, err_len, "-i given twice", NULL);
        if (!valid_device(v)) return fail(err, err_len, "-i: not an interface name", NULL);
        a->device = v;
        break;
      case 'f':
        if (seen_f++) return fail(err, err_len, "-f given twice", NULL);
        if (strlen(v) > NL_MAX_FILTER) return fail(err, err_len, "-f: the filter is longer than 65534 bytes", NULL);
        a->filter = v;
        break;
      case 's':
        if (seen_s++) return fail(err, err_len, "-s given twice", NULL);
        if (parse_int(v, NL_MIN_SNAPLEN, NL_MAX_SNAPLEN, &a->snaplen))
          return fail(err, err_len, "-s: the snaplen is a number from 64 to 262144", NULL);
        break;
      default: /* 'B' */
        if (seen_b++) return fail(err, err_len, "-B given twice", NULL);
        if (parse_int(v, NL_MIN_BUFFER_MB, NL_MAX_BUFFER_MB, &a->buffer_mb))
          return fail(err, err_len, "-B: the buffer is a number of MB from 1 to 2047", NULL);
        break;
    }
  }
  if (!a->device) return fail(err, err_len, "no interface: give one with -i IFACE", NULL);
  return 0;
}

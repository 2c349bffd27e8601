/*
 * netlens-capture's whole argument surface (fuzzed by test/capture/helper-fuzz.test.ts):
 *
 *   netlens-capture -i IFACE [-f FILTER] [-s SNAPLEN] [-B BUFFER_MB] [-p]
 *   netlens-capture -h | --help | -v | --version
 *
 * Each option at most once, its value in the next argument, nothing else; no option names a
 * path. Values are checked before anything is opened.
 */
#ifndef NETLENS_HELPER_ARGS_H
#define NETLENS_HELPER_ARGS_H

#include <stddef.h>

/* Longest interface name taken (Npcap's \Device\NPF_{GUID} names are about 50 bytes). */
#define NL_MAX_DEVICE 255
/* Longest filter: it must fit the pcapng if_filter option (16-bit length, one byte for its type). */
#define NL_MAX_FILTER 65534
#define NL_MIN_BUFFER_MB 1
#define NL_MAX_BUFFER_MB 2047
#define NL_MAX_SNAPLEN 262144

enum nl_action { NL_RUN, NL_HELP, NL_VERSION };

typedef struct {
  enum nl_action action;
  const char *device;
  const char *filter; /* "" when none */
  int snaplen;
  int buffer_mb;
  int promisc;
} nl_args;

/* 0 and *a filled, or -1 with a one-line reason in err. Never reads past argv[argc - 1]. */
int nl_parse_args(int argc, char **argv, nl_args *a, char *err, size_t err_len);

extern const char NL_USAGE[];

#endif

/*
 * netlens-capture: the only part of NetLens that holds capture privileges (as Wireshark's
 * dumpcap). It opens one interface with the same code as the Node-API binding
 * (capture_open.c), drops every capability right after pcap_activate(), applies the BPF filter,
 * and streams pcapng to stdout (pcapng_out.h: packets, libpcap's counters, why it ended). It
 * takes no path and writes no file; its arguments are helper_args.h's and nothing else.
 *
 * It ends on SIGTERM/SIGINT/SIGHUP (a last statistics block, exit 0), when the reader goes away
 * (stdout reports POLLERR/POLLHUP or a write fails with EPIPE: exit 0 at once), when the
 * interface goes away or down (a last statistics block with "error: <libpcap's message>", exit
 * 4). A failure to open is one line on stderr, "netlens-capture: <stage> failed (<status>):
 * <message>", which src/capture/helper-source.ts reads; the exit codes are in helper_args.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "capture_open.h"
#include "helper_args.h"
#include "helper_privileges.h"
#include "pcapng_out.h"

#define NL_HELPER_VERSION "0.1.0"
#define STATS_EVERY_MS 1000
/* pcap_dispatch rounds per wakeup before the loop polls again (stats, signals, the reader). */
#define ROUNDS_PER_WAKEUP 64

enum { EXIT_STOPPED = 0, EXIT_INTERNAL = 1, EXIT_BAD_INPUT = 2, EXIT_NO_PERMISSION = 3, EXIT_GONE = 4, EXIT_OUTPUT = 5 };

static volatile sig_atomic_t stop_requested;
static nl_out out;

static void on_signal(int sig) {
  (void)sig;
  stop_requested = 1;
}

static long long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int open_failed(const nl_capture_error *e) {
  fprintf(stderr, "netlens-capture: %s failed (%d): %s\n", e->stage, e->status, e->message);
  if (e->status == PCAP_ERROR_PERM_DENIED || e->status == PCAP_ERROR_PROMISC_PERM_DENIED) return EXIT_NO_PERMISSION;
  if (!strcmp(e->stage, "filter") || e->status == PCAP_ERROR_NO_SUCH_DEVICE) return EXIT_BAD_INPUT;
  if (strstr(e->message, "ermission") || strstr(e->message, "not permitted")) return EXIT_NO_PERMISSION;
  return EXIT_GONE;
}

/* The device must be one libpcap lists (no rpcap:// URLs or other names pcap_create would take). */
static int device_listed(const char *device, nl_capture_error *e) {
  char errbuf[PCAP_ERRBUF_SIZE];
  pcap_if_t *all = NULL;
  if (pcap_findalldevs(&all, errbuf) == -1) {
    e->status = PCAP_ERROR;
    e->stage = "create";
    snprintf(e->message, sizeof e->message, "cannot list interfaces: %s", errbuf);
    return 0;
  }
  int found = 0;
  for (pcap_if_t *d = all; d && !found; d = d->next) found = !strcmp(d->name, device);
  pcap_freealldevs(all);
  if (!found) {
    e->status = PCAP_ERROR_NO_SUCH_DEVICE;
    e->stage = "create";
    snprintf(e->message, sizeof e->message, "no interface named '%s'", device);
  }
  return found;
}

static void install_signals(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal; /* no SA_RESTART: poll() returns EINTR */
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
  signal(SIGPIPE, SIG_IGN); /* a reader that goes away is EPIPE, handled */
}

/* A bigger pipe or socket buffer between us and the reader absorbs bursts (best effort, unprivileged). */
static void widen_stdout(void) {
  struct stat st;
  if (fstat(STDOUT_FILENO, &st) != 0) return;
#ifdef F_SETPIPE_SZ
  if (S_ISFIFO(st.st_mode)) fcntl(STDOUT_FILENO, F_SETPIPE_SZ, 1 << 20);
#endif
  if (S_ISSOCK(st.st_mode)) {
    int size = 4 << 20;
    setsockopt(STDOUT_FILENO, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
  }
}

static void on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *data) {
  (void)user;
  nl_out_packet(&out, h, data);
}

static void read_counts(pcap_t *p, nl_counts *c) {
  struct pcap_stat ps;
  if (pcap_stats(p, &ps) == 0) {
    c->recv = ps.ps_recv;
    c->os_drop = ps.ps_drop;
    c->if_drop = ps.ps_ifdrop;
  }
}

/* Captures until stopped; returns the exit code. */
static int capture_loop(nl_capture *c) {
  struct pollfd fds[2] = { { c->fd, POLLIN, 0 }, { STDOUT_FILENO, 0, 0 } };
  nl_counts counts = { 0, 0, 0 }, sent = { 0, 0, 0 };
  long long next_stats = now_ms() + STATS_EVERY_MS;
  char why[NL_MSG_LEN] = "";
  for (;;) {
    if (stop_requested) break;
    long long wait = next_stats - now_ms();
    int n = poll(fds, 2, wait < 0 ? 0 : (int)wait);
    if (n < 0 && errno != EINTR) {
      snprintf(why, sizeof why, "capture poll failed: %s", strerror(errno));
      break;
    }
    if (fds[1].revents & (POLLERR | POLLHUP | POLLNVAL)) return EXIT_STOPPED; /* the reader went away */
    if (n > 0 && fds[0].revents) {
      int r = 0, rounds = 0;
      while (rounds++ < ROUNDS_PER_WAKEUP && (r = pcap_dispatch(c->p, -1, on_packet, NULL)) > 0) {
      }
      if (r < 0) {
        snprintf(why, sizeof why, "%s", pcap_geterr(c->p));
        break;
      }
      if (r == 0 && (fds[0].revents & (POLLERR | POLLHUP | POLLNVAL))) {
        snprintf(why, sizeof why, "capture poll failed: the interface reported an error");
        break;
      }
    }
    read_counts(c->p, &counts);
    if (now_ms() >= next_stats || counts.os_drop != sent.os_drop || counts.if_drop != sent.if_drop) {
      nl_out_stats(&out, &counts, NULL);
      sent = counts;
      next_stats = now_ms() + STATS_EVERY_MS;
    }
    if (nl_out_flush(&out) != 0) return out.error == EPIPE ? EXIT_STOPPED : EXIT_OUTPUT;
  }
  if (!why[0]) /* stopped: hand over what the kernel still holds */
    for (int rounds = 0; rounds < ROUNDS_PER_WAKEUP && pcap_dispatch(c->p, -1, on_packet, NULL) > 0; rounds++) {
    }
  read_counts(c->p, &counts);
  nl_out_stats(&out, &counts, why);
  if (nl_out_flush(&out) != 0) return out.error == EPIPE ? EXIT_STOPPED : EXIT_OUTPUT;
  if (why[0]) {
    fprintf(stderr, "netlens-capture: capture ended: %s\n", why);
    return EXIT_GONE;
  }
  return EXIT_STOPPED;
}

static void clear_environment(void) {
#ifdef __linux__
  clearenv();
#else
  extern char **environ;
  static char *none[] = { NULL };
  environ = none;
#endif
}

int main(int argc, char **argv) {
  char err[NL_MSG_LEN];
  /* nothing from the caller's environment or working directory reaches libpcap */
  clear_environment();
  umask(0777);
  if (chdir("/") != 0) return EXIT_INTERNAL;
  if (nl_priv_lower(err, sizeof err) != 0) {
    fprintf(stderr, "netlens-capture: %s\n", err);
    return EXIT_INTERNAL;
  }
  nl_args a;
  if (nl_parse_args(argc, argv, &a, err, sizeof err) != 0) {
    fprintf(stderr, "netlens-capture: %s\n%s", err, NL_USAGE);
    return EXIT_BAD_INPUT;
  }
  if (a.action != NL_RUN) {
    nl_priv_drop_all(err, sizeof err);
    if (a.action == NL_HELP) fputs(NL_USAGE, stdout);
    else printf("netlens-capture %s (%s)\n", NL_HELPER_VERSION, pcap_lib_version());
    return EXIT_STOPPED;
  }
  if (isatty(STDOUT_FILENO)) {
    fprintf(stderr, "netlens-capture: stdout is a terminal; it writes pcapng for a reader: netlens-capture -i %s | "
                    "tshark -r -\n", a.device);
    return EXIT_BAD_INPUT;
  }
  nl_capture_error e;
  if (!device_listed(a.device, &e)) return open_failed(&e);
  nl_capture_opts o;
  nl_capture_default_opts(&o);
  o.snaplen = a.snaplen;
  o.buffer_size = a.buffer_mb << 20;
  o.promisc = a.promisc;
  nl_capture c;
  nl_priv_raise();
  int opened = nl_capture_activate(a.device, &o, &c, &e);
  /* from here on no capability is held, whatever happened */
  if (nl_priv_drop_all(err, sizeof err) != 0) {
    fprintf(stderr, "netlens-capture: %s\n", err);
    return EXIT_INTERNAL;
  }
  if (opened != 0) return open_failed(&e);
  if (nl_capture_set_filter(&c, a.device, a.filter, &e) != 0) return open_failed(&e);
  if (c.fd < 0) {
    fprintf(stderr, "netlens-capture: activate failed (-1): this platform gives no selectable descriptor\n");
    return EXIT_GONE;
  }
  install_signals();
  widen_stdout();
  nl_out_init(&out, STDOUT_FILENO);
  char app[64];
  snprintf(app, sizeof app, "netlens-capture %s", NL_HELPER_VERSION);
  nl_out_header(&out, app, c.link_type, c.snaplen, c.nano, a.device, a.filter, c.warning);
  if (nl_out_flush(&out) != 0) return out.error == EPIPE ? EXIT_STOPPED : EXIT_OUTPUT;
  int code = capture_loop(&c);
  nl_capture_close(&c);
  return code;
}

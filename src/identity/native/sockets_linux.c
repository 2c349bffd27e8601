/*
 * Linux: sockets through netlink sock_diag (inet_diag), as `ss` does. query() asks the kernel for
 * the one socket a packet of the tuple would reach (established, else a listener or an unconnected
 * UDP socket bound to the port); list() dumps all. The netlink socket is opened once per thread.
 */
#ifdef __linux__
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "sockets.h"

static __thread int nl_fd = -1;

static int nl_socket(void) {
  if (nl_fd >= 0) return nl_fd;
  int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0) return -errno;
  struct timeval tv = {1, 0}; /* never hang the worker on a kernel that does not answer */
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  nl_fd = fd;
  return fd;
}

static void to_net(const uint32_t w[4], __be32 out[4]) {
  for (int i = 0; i < 4; i++) out[i] = htonl(w[i]);
}

static void fill_row(const struct inet_diag_msg *m, int proto, uint32_t *row) {
  row[R_PROTO] = (uint32_t)proto;
  row[R_FAMILY] = m->idiag_family == AF_INET6 ? 6 : 4;
  row[R_LPORT] = ntohs(m->id.idiag_sport);
  row[R_RPORT] = ntohs(m->id.idiag_dport);
  int words = m->idiag_family == AF_INET6 ? 4 : 1;
  for (int i = 0; i < words; i++) {
    row[R_LOCAL + i] = ntohl(m->id.idiag_src[i]);
    row[R_REMOTE + i] = ntohl(m->id.idiag_dst[i]);
  }
  row[R_OWNER] = m->idiag_inode;
  row[R_UID] = m->idiag_uid;
  row[R_STATE] = m->idiag_state;
}

/* Sends one request and reads its answers: each inet_diag_msg goes to on_msg. 0 or -errno. */
static int transact(struct inet_diag_req_v2 *r, int dump, int proto, RowBuf *out, uint32_t *one, int *found) {
  int fd = nl_socket();
  if (fd < 0) return fd;
  struct {
    struct nlmsghdr nlh;
    struct inet_diag_req_v2 r;
  } req;
  memset(&req, 0, sizeof req);
  static __thread uint32_t seq = 0;
  req.nlh.nlmsg_len = sizeof req;
  req.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  req.nlh.nlmsg_flags = NLM_F_REQUEST | (dump ? NLM_F_DUMP : 0);
  req.nlh.nlmsg_seq = ++seq;
  req.r = *r;
  struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
  if (sendto(fd, &req, sizeof req, 0, (struct sockaddr *)&sa, sizeof sa) < 0) return -errno;
  static __thread char buf[32768] __attribute__((aligned(8)));
  for (;;) {
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -errno;
    }
    if (n == 0) return 0;
    for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
      if (h->nlmsg_seq != seq) continue; /* an answer to an earlier, timed-out request */
      if (h->nlmsg_type == NLMSG_DONE) return 0;
      if (h->nlmsg_type == NLMSG_ERROR) {
        const struct nlmsgerr *e = NLMSG_DATA(h);
        if (h->nlmsg_len < NLMSG_LENGTH(sizeof *e)) return -EPROTO;
        if (e->error == 0) continue;
        return e->error == -ENOENT ? 0 : e->error;
      }
      if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY || h->nlmsg_len < NLMSG_LENGTH(sizeof(struct inet_diag_msg))) continue;
      const struct inet_diag_msg *m = NLMSG_DATA(h);
      if (one) {
        fill_row(m, proto, one);
        *found = 1;
      } else {
        uint32_t *row = rowbuf_add(out);
        if (!row) return -ENOMEM;
        fill_row(m, proto, row);
      }
    }
    if (!dump) return 0;
  }
}

int sockets_list(int proto, int family, RowBuf *out) {
  struct inet_diag_req_v2 r;
  memset(&r, 0, sizeof r);
  r.sdiag_family = family == 6 ? AF_INET6 : AF_INET;
  r.sdiag_protocol = (uint8_t)proto;
  r.idiag_states = ~0u;
  return transact(&r, 1, proto, out, NULL, NULL);
}

int socket_query(int proto, int family, const uint32_t local[4], int lport, const uint32_t remote[4], int rport,
                 uint32_t *row) {
  struct inet_diag_req_v2 r;
  memset(&r, 0, sizeof r);
  r.sdiag_family = family == 6 ? AF_INET6 : AF_INET;
  r.sdiag_protocol = (uint8_t)proto;
  r.idiag_states = ~0u;
  r.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
  r.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
  if (proto == IPPROTO_UDP) {
    /* udp_diag looks the tuple up as an arriving packet: src is the remote end, dst the local one
     * ("src and dst are swapped for historical reasons", net/ipv4/udp_diag.c). */
    to_net(remote, r.id.idiag_src);
    to_net(local, r.id.idiag_dst);
    r.id.idiag_sport = htons((uint16_t)rport);
    r.id.idiag_dport = htons((uint16_t)lport);
  } else {
    to_net(local, r.id.idiag_src);
    to_net(remote, r.id.idiag_dst);
    r.id.idiag_sport = htons((uint16_t)lport);
    r.id.idiag_dport = htons((uint16_t)rport);
  }
  if (family != 6) {
    for (int i = 1; i < 4; i++) r.id.idiag_src[i] = r.id.idiag_dst[i] = 0;
  }
  int found = 0;
  int rc = transact(&r, 0, proto, NULL, row, &found);
  return rc < 0 ? rc : found;
}

int process_path(uint32_t pid, char *name, size_t name_len, char *path, size_t path_len) {
  (void)pid, (void)name, (void)name_len, (void)path, (void)path_len;
  return 0; /* /proc answers on Linux (process-info.ts) */
}
#endif

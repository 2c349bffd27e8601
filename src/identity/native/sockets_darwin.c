/*
 * macOS: every process's sockets through libproc (proc_listallpids, PROC_PIDLISTFDS,
 * PROC_PIDFDSOCKETINFO), as lsof does; the owner column is the pid. Compile-checked in the release
 * workflow (this machine is Linux).
 */
#ifdef __APPLE__
#include <errno.h>
#include <libproc.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/proc_info.h>
#include "sockets.h"

static void words_of(const struct in_sockinfo *in, int local, int v6, uint32_t out[4]) {
  if (v6) {
    const struct in6_addr *a = local ? &in->insi_laddr.ina_6 : &in->insi_faddr.ina_6;
    for (int i = 0; i < 4; i++) {
      uint32_t w;
      memcpy(&w, &a->s6_addr[i * 4], 4);
      out[i] = ntohl(w);
    }
  } else {
    out[0] = ntohl(local ? in->insi_laddr.ina_46.i46a_addr4.s_addr : in->insi_faddr.ina_46.i46a_addr4.s_addr);
  }
}

int sockets_list(int proto, int family, RowBuf *out) {
  int n = proc_listallpids(NULL, 0);
  if (n <= 0) return -errno;
  pid_t *pids = calloc((size_t)n * 2, sizeof(pid_t));
  if (!pids) return -ENOMEM;
  n = proc_listallpids(pids, n * 2 * (int)sizeof(pid_t));
  for (int p = 0; p < n; p++) {
    int bytes = proc_pidinfo(pids[p], PROC_PIDLISTFDS, 0, NULL, 0);
    if (bytes <= 0) continue;
    struct proc_fdinfo *fds = malloc((size_t)bytes);
    if (!fds) continue;
    bytes = proc_pidinfo(pids[p], PROC_PIDLISTFDS, 0, fds, bytes);
    int nfd = bytes / (int)PROC_PIDLISTFD_SIZE;
    for (int f = 0; f < nfd; f++) {
      if (fds[f].proc_fdtype != PROX_FDTYPE_SOCKET) continue;
      struct socket_fdinfo si;
      if (proc_pidfdinfo(pids[p], fds[f].proc_fd, PROC_PIDFDSOCKETINFO, &si, PROC_PIDFDSOCKETINFO_SIZE) !=
          PROC_PIDFDSOCKETINFO_SIZE)
        continue;
      const struct in_sockinfo *in;
      uint32_t state = 0;
      if (proto == IPPROTO_TCP && si.psi.soi_kind == SOCKINFO_TCP) {
        in = &si.psi.soi_proto.pri_tcp.tcpsi_ini;
        state = (uint32_t)si.psi.soi_proto.pri_tcp.tcpsi_state;
      } else if (proto == IPPROTO_UDP && si.psi.soi_kind == SOCKINFO_IN && si.psi.soi_protocol == IPPROTO_UDP) {
        in = &si.psi.soi_proto.pri_in;
      } else
        continue;
      int v6 = (in->insi_vflag & INI_IPV6) != 0;
      if ((family == 6) != v6) continue;
      uint32_t *row = rowbuf_add(out);
      if (!row) break;
      row[R_PROTO] = (uint32_t)proto;
      row[R_FAMILY] = v6 ? 6 : 4;
      row[R_LPORT] = ntohs((uint16_t)in->insi_lport);
      row[R_RPORT] = ntohs((uint16_t)in->insi_fport);
      words_of(in, 1, v6, row + R_LOCAL);
      words_of(in, 0, v6, row + R_REMOTE);
      row[R_OWNER] = (uint32_t)pids[p];
      row[R_STATE] = state;
    }
    free(fds);
  }
  free(pids);
  return 0;
}

int socket_query(int proto, int family, const uint32_t local[4], int lport, const uint32_t remote[4], int rport,
                 uint32_t *row) {
  (void)proto, (void)family, (void)local, (void)lport, (void)remote, (void)rport, (void)row;
  return -ENOSYS;
}

int process_path(uint32_t pid, char *name, size_t name_len, char *path, size_t path_len) {
  if (proc_pidpath((int)pid, path, (uint32_t)path_len) <= 0) path[0] = 0;
  if (proc_name((int)pid, name, (uint32_t)name_len) <= 0) name[0] = 0;
  return name[0] != 0 || path[0] != 0;
}
#endif

/*
 * Windows: TCP and UDP tables with their owning pid from IP Helper (GetExtendedTcpTable /
 * GetExtendedUdpTable, *_OWNER_PID), as netstat -ano does; process paths with
 * QueryFullProcessImageNameW. Compile-checked in the release workflow (this machine is Linux).
 */
#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <iphlpapi.h>
#include <stdlib.h>
#include <string.h>
#include "sockets.h"

#ifndef ENOSYS
#define ENOSYS 38
#endif
#ifndef ENOMEM
#define ENOMEM 12
#endif

static void *table(int proto, int family, DWORD *err) {
  ULONG size = 0;
  void *buf = NULL;
  ULONG af = family == 6 ? AF_INET6 : AF_INET;
  for (int tries = 0; tries < 4; tries++) {
    DWORD rc = proto == 6 ? GetExtendedTcpTable(buf, &size, FALSE, af, TCP_TABLE_OWNER_PID_ALL, 0)
                          : GetExtendedUdpTable(buf, &size, FALSE, af, UDP_TABLE_OWNER_PID, 0);
    if (rc == NO_ERROR) return buf;
    free(buf);
    buf = NULL;
    if (rc != ERROR_INSUFFICIENT_BUFFER) {
      *err = rc;
      return NULL;
    }
    buf = malloc(size);
    if (!buf) {
      *err = ERROR_NOT_ENOUGH_MEMORY;
      return NULL;
    }
  }
  free(buf);
  *err = ERROR_INSUFFICIENT_BUFFER;
  return NULL;
}

static void words6(const UCHAR a[16], uint32_t out[4]) {
  for (int i = 0; i < 4; i++)
    out[i] = ((uint32_t)a[i * 4] << 24) | ((uint32_t)a[i * 4 + 1] << 16) | ((uint32_t)a[i * 4 + 2] << 8) | a[i * 4 + 3];
}

int sockets_list(int proto, int family, RowBuf *out) {
  DWORD err = 0;
  void *t = table(proto, family, &err);
  if (!t) return -(int)err;
  uint32_t *row;
  if (proto == 6 && family != 6) {
    MIB_TCPTABLE_OWNER_PID *tt = t;
    for (DWORD i = 0; i < tt->dwNumEntries; i++) {
      MIB_TCPROW_OWNER_PID *r = &tt->table[i];
      if (!(row = rowbuf_add(out))) break;
      row[R_PROTO] = 6, row[R_FAMILY] = 4;
      row[R_LPORT] = ntohs((u_short)r->dwLocalPort), row[R_RPORT] = ntohs((u_short)r->dwRemotePort);
      row[R_LOCAL] = ntohl(r->dwLocalAddr), row[R_REMOTE] = ntohl(r->dwRemoteAddr);
      row[R_OWNER] = r->dwOwningPid, row[R_STATE] = r->dwState;
    }
  } else if (proto == 6) {
    MIB_TCP6TABLE_OWNER_PID *tt = t;
    for (DWORD i = 0; i < tt->dwNumEntries; i++) {
      MIB_TCP6ROW_OWNER_PID *r = &tt->table[i];
      if (!(row = rowbuf_add(out))) break;
      row[R_PROTO] = 6, row[R_FAMILY] = 6;
      row[R_LPORT] = ntohs((u_short)r->dwLocalPort), row[R_RPORT] = ntohs((u_short)r->dwRemotePort);
      words6(r->ucLocalAddr, row + R_LOCAL), words6(r->ucRemoteAddr, row + R_REMOTE);
      row[R_OWNER] = r->dwOwningPid, row[R_STATE] = r->dwState;
    }
  } else if (family != 6) {
    MIB_UDPTABLE_OWNER_PID *ut = t;
    for (DWORD i = 0; i < ut->dwNumEntries; i++) {
      MIB_UDPROW_OWNER_PID *r = &ut->table[i];
      if (!(row = rowbuf_add(out))) break;
      row[R_PROTO] = 17, row[R_FAMILY] = 4;
      row[R_LPORT] = ntohs((u_short)r->dwLocalPort), row[R_LOCAL] = ntohl(r->dwLocalAddr);
      row[R_OWNER] = r->dwOwningPid;
    }
  } else {
    MIB_UDP6TABLE_OWNER_PID *ut = t;
    for (DWORD i = 0; i < ut->dwNumEntries; i++) {
      MIB_UDP6ROW_OWNER_PID *r = &ut->table[i];
      if (!(row = rowbuf_add(out))) break;
      row[R_PROTO] = 17, row[R_FAMILY] = 6;
      row[R_LPORT] = ntohs((u_short)r->dwLocalPort), words6(r->ucLocalAddr, row + R_LOCAL);
      row[R_OWNER] = r->dwOwningPid;
    }
  }
  free(t);
  return 0;
}

int socket_query(int proto, int family, const uint32_t local[4], int lport, const uint32_t remote[4], int rport,
                 uint32_t *row) {
  (void)proto, (void)family, (void)local, (void)lport, (void)remote, (void)rport, (void)row;
  return -ENOSYS;
}

int process_path(uint32_t pid, char *name, size_t name_len, char *path, size_t path_len) {
  HANDLE h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
  if (!h) return 0;
  WCHAR wide[MAX_PATH * 4];
  DWORD len = (DWORD)(sizeof wide / sizeof wide[0]);
  int ok = QueryFullProcessImageNameW(h, 0, wide, &len) != 0;
  CloseHandle(h);
  if (!ok) return 0;
  if (!WideCharToMultiByte(CP_UTF8, 0, wide, -1, path, (int)path_len, NULL, NULL)) return 0;
  const char *base = strrchr(path, '\\');
  base = base ? base + 1 : path;
  strncpy(name, base, name_len - 1);
  name[name_len - 1] = 0;
  return 1;
}
#endif

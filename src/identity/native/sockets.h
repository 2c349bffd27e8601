/*
 * The OS side of "which program owns this socket": one implementation per OS (sockets_linux.c:
 * netlink sock_diag; sockets_darwin.c: libproc; sockets_win.c: IP Helper), each compiled only on
 * its own OS. Addresses are four words, each the big-endian value of 4 address bytes as a host
 * number (a.b.c.d = a<<24|b<<16|c<<8|d), IPv4 in word 0: the decoder's form.
 */
#ifndef NETLENS_SOCKETS_H
#define NETLENS_SOCKETS_H
#include <stddef.h>
#include <stdint.h>

/* One socket: proto (6/17), family (4/6), local port, remote port, local[4], remote[4],
 * owner (Linux: the socket inode; macOS/Windows: the pid), uid (Linux; else 0), state. */
#define ROW_WORDS 15
enum { R_PROTO, R_FAMILY, R_LPORT, R_RPORT, R_LOCAL, R_REMOTE = R_LOCAL + 4, R_OWNER = R_REMOTE + 4, R_UID, R_STATE };

typedef struct {
  uint32_t *rows;
  size_t count;
  size_t cap;
} RowBuf;

/* Appends a zeroed row and returns it, or NULL when out of memory. */
uint32_t *rowbuf_add(RowBuf *b);

/* Every socket of `proto` and `family`, appended to `out`: 0, or a negative errno-like code. */
int sockets_list(int proto, int family, RowBuf *out);

/* Linux only: the one socket matching the tuple, as the kernel would deliver to it (1 found, 0 not
 * found, negative on error); elsewhere -ENOSYS. `row` has ROW_WORDS words. */
int socket_query(int proto, int family, const uint32_t local[4], int lport, const uint32_t remote[4], int rport,
                 uint32_t *row);

/* macOS/Windows: the executable's name and full path of `pid` (0 when it cannot be read). */
int process_path(uint32_t pid, char *name, size_t name_len, char *path, size_t path_len);

#endif

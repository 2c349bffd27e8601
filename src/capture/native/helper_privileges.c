/* netlens-capture's capabilities: see helper_privileges.h. */
#include "helper_privileges.h"

#include <stdio.h>
#include <string.h>

#ifdef __linux__
#include <errno.h>
#include <linux/capability.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif
#ifndef PR_SET_NO_NEW_PRIVS
#define PR_SET_NO_NEW_PRIVS 38
#endif

#define CAPTURE_CAPS ((1u << CAP_NET_RAW) | (1u << CAP_NET_ADMIN)) /* both below 32: word 0 */

static uint32_t kept; /* the capture capabilities this process was given */

static int cap_get(struct __user_cap_data_struct d[2]) {
  struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
  memset(d, 0, 2 * sizeof d[0]);
  return (int)syscall(SYS_capget, &h, d);
}

static int cap_set(uint32_t permitted, uint32_t effective) {
  struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct d[2];
  memset(d, 0, sizeof d);
  d[0].permitted = permitted;
  d[0].effective = effective;
  return (int)syscall(SYS_capset, &h, d);
}

int nl_priv_lower(char *err, size_t err_len) {
  struct __user_cap_data_struct d[2];
  if (cap_get(d) != 0) {
    snprintf(err, err_len, "cannot read this process's capabilities: %s", strerror(errno));
    return -1;
  }
  kept = d[0].permitted & CAPTURE_CAPS;
  if (cap_set(kept, 0) != 0) {
    snprintf(err, err_len, "cannot lower this process's capabilities: %s", strerror(errno));
    return -1;
  }
  return 0;
}

void nl_priv_raise(void) {
  if (kept) cap_set(kept, kept);
}

int nl_priv_drop_all(char *err, size_t err_len) {
  prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
  if (cap_set(0, 0) != 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    snprintf(err, err_len, "cannot drop capabilities: %s", strerror(errno));
    return -1;
  }
  struct __user_cap_data_struct d[2];
  if (cap_get(d) != 0 || d[0].permitted || d[0].effective || d[0].inheritable || d[1].permitted ||
      d[1].effective || d[1].inheritable) {
    snprintf(err, err_len, "capabilities are still held after dropping them");
    return -1;
  }
  kept = 0;
  return 0;
}

#else

int nl_priv_lower(char *err, size_t err_len) {
  (void)err;
  (void)err_len;
  return 0;
}

void nl_priv_raise(void) {}

int nl_priv_drop_all(char *err, size_t err_len) {
  (void)err;
  (void)err_len;
  return 0;
}

#endif

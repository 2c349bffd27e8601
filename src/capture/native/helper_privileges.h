/*
 * netlens-capture's privileges (as Wireshark's dumpcap): on Linux it is installed with the file
 * capabilities cap_net_raw,cap_net_admin+ep. At start it keeps only those two, permitted but not
 * effective; it raises them around pcap_activate() alone and then drops every capability for
 * good (permitted, effective, inheritable, ambient) and sets no_new_privs, before it compiles
 * the filter or reads a packet. Elsewhere (macOS: BPF device access through the access_bpf
 * group; Windows: Npcap) there is nothing to drop and these are no-ops.
 *
 * The process stays non-dumpable (the kernel makes a file-capability program so at exec and
 * dropping capabilities does not undo it): nobody can ptrace it and take its packet socket.
 */
#ifndef NETLENS_HELPER_PRIVILEGES_H
#define NETLENS_HELPER_PRIVILEGES_H

#include <stddef.h>

/* At start: keep only the capture capabilities, not effective. 0, or -1 with a reason. */
int nl_priv_lower(char *err, size_t err_len);
/* Make the capture capabilities effective (around opening the interface). */
void nl_priv_raise(void);
/* Drop every capability for good and set no_new_privs; verified. 0, or -1 with a reason. */
int nl_priv_drop_all(char *err, size_t err_len);

#endif

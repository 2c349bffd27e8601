#!/bin/sh
# Gives NetLens's capture helper its rights, as Wireshark's packages do for dumpcap: a system
# group (netlens), the helper owned root:netlens with mode 0750 (only the group may run it) and
# the file capabilities cap_net_raw,cap_net_admin+ep (which the helper drops right after it opens
# the interface). The .deb and .rpm run this when they install (after-install.sh); an AppImage or
# a clone runs it once with sudo (netlens doctor prints the exact command).
#
#   setup-capture-helper.sh [--group NAME] [--install-to DIR] HELPER
#
#   --group NAME      the group (default netlens)
#   --install-to DIR  first copy HELPER to DIR/netlens-capture (an AppImage's own copy sits on a
#                     read-only image mounted nosuid, where file capabilities do not count)
#
# Exit codes: 0 done, 2 bad arguments or no helper at HELPER, 3 not root, 5 a step failed.
set -eu

group=netlens
install_to=
usage() {
  echo "usage: setup-capture-helper.sh [--group NAME] [--install-to DIR] HELPER" >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case "$1" in
    --group) [ $# -ge 2 ] || usage; group=$2; shift 2 ;;
    --install-to) [ $# -ge 2 ] || usage; install_to=$2; shift 2 ;;
    --) shift; break ;;
    -*) usage ;;
    *) break ;;
  esac
done
[ $# -eq 1 ] || usage
helper=$1
case "$group" in
  ''|*[!a-z0-9_-]*) echo "setup-capture-helper: '$group' is not a group name" >&2; exit 2 ;;
esac
if [ ! -f "$helper" ]; then
  echo "setup-capture-helper: no capture helper at $helper" >&2
  exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "setup-capture-helper: run it as root: sudo $0 $helper" >&2
  exit 3
fi
step() {
  if ! "$@"; then
    echo "setup-capture-helper: failed: $*" >&2
    exit 5
  fi
}

if [ -n "$install_to" ]; then
  step mkdir -p "$install_to"
  step chmod 0755 "$install_to"
  # a new file moved into place: a running helper keeps its old one
  step cp "$helper" "$install_to/netlens-capture.new"
  step mv -f "$install_to/netlens-capture.new" "$install_to/netlens-capture"
  helper="$install_to/netlens-capture"
fi

if ! getent group "$group" >/dev/null 2>&1; then
  if command -v groupadd >/dev/null 2>&1; then
    step groupadd --system "$group"
  else
    step addgroup --system "$group"
  fi
fi

# owner and mode before capabilities: chown clears them
step chown "root:$group" "$helper"
step chmod 0750 "$helper"
if ! command -v setcap >/dev/null 2>&1; then
  echo "setup-capture-helper: setcap is missing (Debian/Ubuntu: apt-get install libcap2-bin; Fedora: dnf install libcap)" >&2
  exit 5
fi
step setcap cap_net_raw,cap_net_admin+ep "$helper"

echo "NetLens: members of the '$group' group may capture (through $helper)."
echo "NetLens: to capture as yourself: sudo usermod -aG $group \"\$USER\", then log out and back in."

#!/bin/bash
# criu-modules.sh - puts the kernel modules criu needs, from the Debian kernel the cgroup v2 VM
# boots (shared/tools/cgroup2-vm.sh), into shim/target/vm-suite/criu-modules with their load order,
# for the shim's VM suite (CriuVm loads them there; the VM's initramfs has only its boot modules,
# and `criu check` fails without nf_tables, the sock_diag modules and a loopback).
# Downloads the kernel package with apt-get (cached in $CGVM_SCRATCH or /tmp/cgroup2-vm).
# Exit status 0 also when nothing could be done (the test then reports criu's own check).
set -uo pipefail
MODULE=$(cd "$(dirname "$0")/../../.." && pwd -P)
OUT=$MODULE/target/vm-suite/criu-modules
ORDER="crc32c_generic libcrc32c nfnetlink nf_tables unix_diag inet_diag tcp_diag udp_diag netlink_diag af_packet_diag veth tun"
VMLINUX=/tmp/cgroup2-vm/vmlinux
CACHE=${CGVM_SCRATCH:-/tmp/cgroup2-vm/scratch}/criu-kernel
# the VM's kernel: its version string, else the package cgroup2-vm.sh would download
ver=$( [ -s $VMLINUX ] && grep -a -o -m1 'Linux version [^ ]*' $VMLINUX | awk '{print $3}')
[ -n "$ver" ] || ver=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-/{print $2; exit}' | sed 's/^linux-image-//')
[ -n "$ver" ] || { echo "criu-modules: cannot tell the VM's kernel" >&2; exit 0; }
if [ -f "$OUT/order" ] && [ "$(cat "$OUT/version" 2>/dev/null)" = "$ver" ]; then exit 0; fi
mkdir -p "$CACHE" && cd "$CACHE" || exit 0
ls linux-image-"$ver"_*.deb >/dev/null 2>&1 || apt-get download "linux-image-$ver" >/dev/null 2>&1 ||
  { echo "criu-modules: cannot download linux-image-$ver" >&2; exit 0; }
rm -rf x && dpkg-deb -x linux-image-"$ver"_*.deb x || exit 0
rm -rf "$OUT" && mkdir -p "$OUT"
for m in $ORDER; do
  f=$(find x/lib/modules -name "$m.ko" | head -1)
  [ -n "$f" ] && cp "$f" "$OUT/" && echo "$m" >> "$OUT/order"
done
echo "$ver" > "$OUT/version"
rm -rf x
echo "criu-modules: $(wc -l < "$OUT/order") modules of $ver in $OUT"

#!/bin/bash
# run-vm-suite.sh - run a module's VM tests inside a throw-away QEMU VM with a pure cgroup v2
# hierarchy and every controller (shared/tools/cgroup2-vm.sh): the cgroups tests tagged "vm" and
# "privileged" (default), or with --module=shim the shim's tests tagged "vm" (containers under
# real memory limits; the VM sees the host's / read-only, so busybox, gcc's cortado-init and
# libseccomp are there) and "vm-also" (tests that run on the host too, e.g. mounts that differ
# between a hybrid and a pure v2 host), or with --module=integration the integration tests tagged
# "vm" (containerd's CRI plugin running a pod on the shim under a memory limit; needs the shim
# script from `mvn package` of the shim).
#
# Run after `mvn verify` (or test-compile) of the module, which leaves target/classes,
# target/test-classes and target/vm-suite/{junit-platform-console-standalone.jar,classpath.txt}.
# The VM runs one `java -jar` of the JUnit console launcher, not Maven: under software emulation
# Maven alone would take minutes. Exit status: the launcher's (0 = all passed), 124 on timeout,
# 125 when the VM failed.
#
# usage: cgroups/src/test/vm/run-vm-suite.sh [--module=shim|--module=integration] [extra launcher options, e.g. --select-method ...]
# env:   CGROUP2_VM    path of cgroup2-vm.sh   (default: <repo>/../shared/tools/cgroup2-vm.sh)
#        CGVM_TIMEOUT  seconds before the VM is killed (default here: 600)
set -euo pipefail
MODULE=$(cd "$(dirname "$0")/../../.." && pwd -P)
REPO=$(cd "$MODULE/.." && pwd -P)
PACKAGE=dev.cortado.cgroups
TAGS=(--include-tag vm --include-tag privileged)
if [ "${1:-}" = --module=shim ]; then
  shift
  MODULE=$REPO/shim PACKAGE=dev.cortado.shim TAGS=(--include-tag vm --include-tag vm-also)
elif [ "${1:-}" = --module=integration ]; then
  shift
  MODULE=$REPO/integration PACKAGE=dev.cortado.integration TAGS=(--include-tag vm)
fi
VM=${CGROUP2_VM:-$REPO/../shared/tools/cgroup2-vm.sh}
T=$MODULE/target
# (integration has test classes only: a missing target/classes is no error on the class path)
for f in "$T/test-classes" "$T/vm-suite/classpath.txt" "$T/vm-suite/junit-platform-console-standalone.jar"; do
  [ -e "$f" ] || { echo "run-vm-suite: $f missing; run 'mvn verify' of $(basename "$MODULE") first" >&2; exit 2; }
done
CP="$T/test-classes:$T/classes:$(cat "$T/vm-suite/classpath.txt")"
export CGVM_TIMEOUT=${CGVM_TIMEOUT:-600}
start=$(date +%s)
rc=0
# C1-only JIT and the serial GC start fastest under emulated single-threaded TCG.
"$VM" java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Dcortado.cgroups.vm=true -Dcortado.repo.root="$REPO" \
  -jar "$T/vm-suite/junit-platform-console-standalone.jar" execute \
  --class-path "$CP" --select-package "$PACKAGE" \
  "${TAGS[@]}" --fail-if-no-tests \
  --disable-banner --disable-ansi-colors --details=tree --details-theme=ascii "$@" || rc=$?
echo "run-vm-suite: exit $rc after $(( $(date +%s) - start ))s" >&2
exit $rc

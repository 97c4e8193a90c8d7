#!/bin/bash
# run-vm-suite.sh - run the cgroups tests tagged "vm" and "privileged" inside a throw-away QEMU VM
# with a pure cgroup v2 hierarchy and every controller (shared/tools/cgroup2-vm.sh).
#
# Run after `mvn -pl cgroups verify` (or test-compile), which leaves target/classes,
# target/test-classes and target/vm-suite/{junit-platform-console-standalone.jar,classpath.txt}.
# The VM runs one `java -jar` of the JUnit console launcher, not Maven: under software emulation
# Maven alone would take minutes. Exit status: the launcher's (0 = all passed), 124 on timeout,
# 125 when the VM failed.
#
# usage: cgroups/src/test/vm/run-vm-suite.sh [extra launcher options, e.g. --select-method ...]
# env:   CGROUP2_VM    path of cgroup2-vm.sh   (default: <repo>/../shared/tools/cgroup2-vm.sh)
#        CGVM_TIMEOUT  seconds before the VM is killed (default here: 600)
set -euo pipefail
MODULE=$(cd "$(dirname "$0")/../../.." && pwd -P)
REPO=$(cd "$MODULE/.." && pwd -P)
VM=${CGROUP2_VM:-$REPO/../shared/tools/cgroup2-vm.sh}
T=$MODULE/target
for f in "$T/classes" "$T/test-classes" "$T/vm-suite/classpath.txt" "$T/vm-suite/junit-platform-console-standalone.jar"; do
  [ -e "$f" ] || { echo "run-vm-suite: $f missing; run 'mvn -pl cgroups verify' first" >&2; exit 2; }
done
CP="$T/test-classes:$T/classes:$(cat "$T/vm-suite/classpath.txt")"
export CGVM_TIMEOUT=${CGVM_TIMEOUT:-600}
start=$(date +%s)
rc=0
# C1-only JIT and the serial GC start fastest under emulated single-threaded TCG.
"$VM" java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Dcortado.cgroups.vm=true \
  -jar "$T/vm-suite/junit-platform-console-standalone.jar" execute \
  --class-path "$CP" --select-package dev.cortado.cgroups \
  --include-tag vm --include-tag privileged --fail-if-no-tests \
  --disable-banner --disable-ansi-colors --details=tree --details-theme=ascii "$@" || rc=$?
echo "run-vm-suite: exit $rc after $(( $(date +%s) - start ))s" >&2
exit $rc

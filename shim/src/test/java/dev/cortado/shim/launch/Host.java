package dev.cortado.shim.launch;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** What privileged tests need from the host, checked with a stated reason when missing. */
final class Host {
    /** The cgroup2 mount; on this hybrid host it is /sys/fs/cgroup/unified. */
    static final Path CGROUP2 = Files.exists(Path.of("/sys/fs/cgroup/unified/cgroup.procs"))
            ? Path.of("/sys/fs/cgroup/unified")
            : Path.of("/sys/fs/cgroup");

    private Host() {}

    /** A hex field of this JVM's /proc/self/status, such as CapEff. */
    static String status(String field) {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith(field + ":"))
                    .map(l -> l.substring(field.length() + 1).trim())
                    .findFirst()
                    .orElseThrow();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The capabilities this JVM holds: what "privileged" can give (containerd: current caps). */
    static java.util.List<String> capabilities() {
        long eff = Long.parseUnsignedLong(status("CapEff"), 16);
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int bit = 0; bit < CapabilityMask.ALL.size(); bit++) {
            if ((eff & (1L << bit)) != 0) {
                names.add(CapabilityMask.ALL.get(bit));
            }
        }
        return names;
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Skips the test unless we are root with busybox-static and a cgroup2 mount. */
    static void assumePrivileged() {
        assumeTrue(isRoot(), "needs root: creates namespaces, mounts and cgroups");
        assumeTrue(
                Files.isExecutable(BusyboxRootfs.BUSYBOX),
                "needs busybox-static (apt-get install -y busybox-static) for the test rootfs");
        assumeTrue(Files.exists(CGROUP2.resolve("cgroup.procs")), "needs a cgroup2 mount");
    }
}

package dev.cortado.shim.bootstrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code ShimCgroup} runtime option (see {@link dev.cortado.shim.options.ShimOptions}): the spawned shim server is
 * moved into that cgroup v2 directory when it exists; no cgroup is ever created or changed otherwise.
 */
final class ShimCgroup {
    private static final Logger LOG = LoggerFactory.getLogger(ShimCgroup.class);

    private ShimCgroup() {}

    /** Moves {@code pid} into {@code cgroup} under {@code mount}; returns false (and logs) if that cgroup does not exist. */
    static boolean moveInto(Path mount, String cgroup, long pid) {
        Path dir = mount.resolve(cgroup.replaceFirst("^/+", "")).normalize();
        Path procs = dir.resolve("cgroup.procs");
        if (!dir.startsWith(mount) || !Files.isRegularFile(procs)) {
            LOG.warn("shim cgroup {} does not exist under {}; the server stays where it is", cgroup, mount);
            return false;
        }
        try {
            Files.writeString(procs, Long.toString(pid));
            return true;
        } catch (IOException e) {
            LOG.warn("move shim server {} into {}: {}", pid, dir, e.toString());
            return false;
        }
    }
}

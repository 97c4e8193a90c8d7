package dev.cortado.shim.bootstrap;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cortado.api.containerd.runc.v1.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code ShimCgroup} runtime option (containerd.runc.v1.Options): the spawned shim server is
 * moved into that cgroup v2 directory when it exists; no cgroup is ever created or changed otherwise.
 */
final class ShimCgroup {
    private static final Logger LOG = LoggerFactory.getLogger(ShimCgroup.class);

    private ShimCgroup() {
    }

    /** The option's cgroup path, if the runtime options carry one. */
    static Optional<String> of(Optional<Any> options) {
        if (options.isEmpty() || !options.get().getTypeUrl().endsWith("containerd.runc.v1.Options")) {
            return Optional.empty();
        }
        try {
            String path = Options.parseFrom(options.get().getValue()).getShimCgroup();
            return path.isEmpty() ? Optional.empty() : Optional.of(path);
        } catch (InvalidProtocolBufferException e) {
            LOG.warn("unreadable runtime options: {}", e.toString());
            return Optional.empty();
        }
    }

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

package dev.cortado.cri.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pod's network counters read inside its network namespace without entering it: {@code
 * /proc/<pid>/net/dev} shows the namespace of {@code pid}, so any process of the pod will do
 * (cortado pods have no pause process: the pod's init, else a running container's). The
 * process's namespace is checked against the pod's pinned one (same nsfs inode), so a recycled
 * pid never reports another namespace's counters.
 */
final class PodNetworkReader {
    private static final Logger LOG = LoggerFactory.getLogger(PodNetworkReader.class);

    private final Path proc;
    private final Clock clock;

    PodNetworkReader(Path proc, Clock clock) {
        this.proc = proc;
        this.clock = clock;
    }

    /** The counters, or empty when the pod has no pinned netns or no live process in it. */
    Optional<NetworkStats> read(String podId, String pinnedNetns, List<Long> pids) {
        if (pinnedNetns.isEmpty()) {
            return Optional.empty(); // host network: the node's counters are not the pod's (containerd reports none)
        }
        Object want;
        try {
            want = Files.getAttribute(Path.of(pinnedNetns), "unix:ino");
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
        for (long pid : pids) {
            Path dir = proc.resolve(Long.toString(pid));
            try {
                if (!Files.readSymbolicLink(dir.resolve("ns/net")).toString().equals("net:[" + want + "]")) {
                    continue;
                }
                String dev = Files.readString(dir.resolve("net/dev"));
                java.time.Instant t = clock.instant();
                return Optional.of(NetworkStats.parse(dev, t.getEpochSecond() * 1_000_000_000L + t.getNano()));
            } catch (IOException e) {
                continue; // exited meanwhile: try the next
            } catch (IllegalArgumentException e) {
                LOG.warn("pod {}: cannot read {}: {}", podId, dir.resolve("net/dev"), e.getMessage());
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}

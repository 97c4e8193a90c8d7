package dev.cortado.shim.task;

import dev.cortado.cgroups.stats.MemoryEvents;
import dev.cortado.shim.loop.FileWatches;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cgroup's OOM kills as an inotify watch on its {@code memory.events} (the kernel signals each
 * change as IN_MODIFY), on the server's event loop: no thread per task. The {@code oom_kill}
 * counter only grows, so comparing it with the last value seen misses nothing between two
 * notifications; the baseline is read after the watch is in place.
 */
final class OomWatch {
    private static final Logger LOG = LoggerFactory.getLogger(OomWatch.class);

    private final Path events;
    private final Runnable onOom;
    private long kills; // read and written on the loop thread after start

    private OomWatch(Path events, Runnable onOom) {
        this.events = events;
        this.onOom = onOom;
    }

    /**
     * Watches {@code cgroupDir}; without {@code memory.events} (no memory controller in this
     * cgroup v2 tree, as on a hybrid host) there is no OOM kill to see and nothing is watched.
     */
    static AutoCloseable start(FileWatches watches, Path cgroupDir, Runnable onOom) {
        Path file = cgroupDir.resolve("memory.events");
        if (!Files.exists(file)) {
            return () -> {};
        }
        OomWatch w = new OomWatch(file, onOom);
        AutoCloseable watch = watches.watch(file.toString(), w::changed);
        w.baseline();
        return watch;
    }

    private synchronized void baseline() {
        kills = read();
    }

    private synchronized void changed() {
        long now = read();
        if (now > kills) {
            kills = now;
            onOom.run();
        }
    }

    private synchronized long read() {
        try {
            return MemoryEvents.parse(Files.readString(events)).oomKill();
        } catch (IOException | RuntimeException e) {
            LOG.debug("read {}: {}", events, e.toString());
            return kills;
        }
    }
}

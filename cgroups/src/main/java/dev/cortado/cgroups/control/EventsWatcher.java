package dev.cortado.cgroups.control;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.CgroupFs;
import dev.cortado.cgroups.stats.CgroupEvents;
import dev.cortado.cgroups.stats.MemoryEvents;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports OOM kills and emptiness of one cgroup as {@link CgroupEvent}s, on its own daemon thread.
 *
 * <p>The kernel signals changes of {@code memory.events} and {@code cgroup.events} as inotify
 * modify events, which the JDK WatchService delivers; it also re-reads every poll interval, so a
 * WatchService that is missing or slow changes latency, never correctness. Nothing is missed
 * between two reads because the watcher compares counters (oom_kill only grows) rather than
 * counting notifications, and it reads a baseline after registering the watch. Emptiness is
 * reported on each transition to {@code populated 0}, and at once if the cgroup is already empty.
 */
public final class EventsWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventsWatcher.class);

    private final CgroupFs fs;
    private final Path dir;
    private final Consumer<CgroupEvent> listener;
    private final Duration pollInterval;
    private final boolean useInotify;
    private final Thread thread;
    private volatile boolean closed;
    private WatchService ws; // set before the thread starts, then used by it only
    private long oomKills; // likewise
    private Boolean populated; // likewise; null until the first read

    EventsWatcher(CgroupFs fs, Path dir, Consumer<CgroupEvent> listener, Duration pollInterval, boolean useInotify) {
        this.fs = Objects.requireNonNull(fs, "fs");
        this.dir = Objects.requireNonNull(dir, "dir");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.useInotify = useInotify;
        this.thread = new Thread(this::run, "cgroup-events " + dir.getFileName());
        this.thread.setDaemon(true);
    }

    /**
     * Registers the watch and reads the baseline on the caller's thread, so that anything happening
     * after this returns is seen, then starts the watching thread.
     */
    void start() {
        if (useInotify) {
            try {
                ws = FileSystems.getDefault().newWatchService();
                dir.register(ws, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
            } catch (IOException | UnsupportedOperationException e) {
                log.debug("no inotify for {}, polling every {}: {}", dir, pollInterval, e.toString());
                closeQuietly(ws);
                ws = null;
            }
        }
        oomKills = oomKills();
        thread.start();
    }

    private void run() {
        try {
            while (!closed && fs.exists(dir)) {
                try {
                    check();
                } catch (CgroupException e) {
                    // A cgroup removed between exists() and the read ends the loop on the next test; any
                    // other read error is retried on the next tick rather than ending the watch.
                    log.debug("reading events of {} failed: {}", dir, e.toString());
                } catch (RuntimeException e) {
                    log.warn("listener for events of {} failed", dir, e); // a listener bug must not stop the watch
                }
                await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(ws);
        }
    }

    private void check() {
        long kills = oomKills();
        if (kills > oomKills) {
            listener.accept(new CgroupEvent.OomKill(kills - oomKills, kills));
            oomKills = kills;
        }
        boolean now = CgroupEvents.parse(Files2.read(fs, dir.resolve("cgroup.events")))
                .populated();
        if (!now && (populated == null || populated)) {
            listener.accept(new CgroupEvent.Empty());
        }
        populated = now;
    }

    private void await() throws InterruptedException {
        if (ws == null) {
            Thread.sleep(pollInterval.toMillis());
            return;
        }
        var key = ws.poll(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        if (key != null) {
            key.pollEvents();
            key.reset();
        }
    }

    private long oomKills() {
        String content = Files2.readIfExists(fs, dir.resolve("memory.events"));
        return content == null ? 0 : MemoryEvents.parse(content).oomKill();
    }

    /** Stops the watcher and waits briefly for its thread. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CgroupException(
                    CgroupException.Reason.TIMEOUT, "interrupted while closing the watcher of " + dir, e);
        }
    }

    private static void closeQuietly(WatchService ws) {
        if (ws != null) {
            try {
                ws.close();
            } catch (IOException e) {
                log.debug("closing a watch service failed", e);
            }
        }
    }
}

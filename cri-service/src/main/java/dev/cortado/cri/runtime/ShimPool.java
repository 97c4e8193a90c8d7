package dev.cortado.cri.runtime;

import dev.cortado.errors.CortadoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shims {@link ShimTasks} is connected to, one {@link ShimConnection} per address. A
 * container joins the connection of the address its {@code <shim> start} answered (a grouping
 * shim answers with the one it serves) and leaves it at its delete; after the last one leaves,
 * Shutdown (the shim exits when it serves no task, as containerd asks after each delete) and
 * the connection is closed, unless the connection is kept warm (cortado's own shim): then it
 * stays open, idle, so the shim server stays up for the next container, and Shutdown is sent
 * when cortado stops ({@link #closeAll}). Starting a shim and letting go of one are
 * serialized, so a container never joins a shim that is being shut down.
 */
final class ShimPool {
    private static final Logger LOG = LoggerFactory.getLogger(ShimPool.class);
    private final ShimLauncher launcher;
    private final String namespace;
    private final Duration callTimeout;
    private final Object lock;
    private final Consumer<ShimConnection> onStale;
    private final ReentrantLock lifecycle = new ReentrantLock();
    // @GuardedBy("lock")
    private final Map<Path, ShimConnection> shims = new HashMap<>();
    // @GuardedBy("lock"): by runtime handler name, the connection kept warm for it
    private final Map<String, ShimConnection> warm = new HashMap<>();

    /**
     * @param lock the lock of {@link ShimTasks}, which guards the connections' fields too
     * @param onStale told of a connection found broken when its address is started again
     */
    ShimPool(
            ShimLauncher launcher,
            String namespace,
            Duration callTimeout,
            Object lock,
            Consumer<ShimConnection> onStale) {
        this.launcher = launcher;
        this.namespace = namespace;
        this.callTimeout = callTimeout;
        this.lock = lock;
        this.onStale = onStale;
    }

    /**
     * Runs {@code <shim> start} and joins the connection of the address it answers, or opens one.
     * With {@code warmHandler} the connection stays open after its last container (see
     * {@link ShimConnection#keepWarm}) and is that handler's warm shim: while it is connected, a
     * later attach for the handler joins it (over ttrpc) without running {@code <shim> start} again, as that
     * start would only answer the same address (cortado's shim serves a namespace on one socket;
     * cortado keeps its own {@code bootstrap.json}, so the {@code <bundle>/address} that start
     * writes for containerd is not needed).
     */
    ShimConnection attach(ShimStartRequest start, Optional<String> warmHandler) {
        if (warmHandler.isPresent()) {
            synchronized (lock) {
                ShimConnection shim = warm.get(warmHandler.get());
                // ttrpc only: its connection is closed once the server (and its relay) is gone, so
                // isConnected is exact; an idle gRPC channel says nothing until a call fails, and
                // only start would spawn a new server for it
                if (shim != null
                        && !shim.closed
                        && shim.reply.protocol() == BootstrapReply.Protocol.TTRPC
                        && shim.client.isConnected()) {
                    shim.users.add(start.id());
                    return shim;
                }
            }
        }
        lifecycle.lock();
        try {
            ShimLauncher.Started started = launcher.start(start);
            Path socket = started.reply().socket();
            ShimConnection stale;
            ShimConnection existing;
            synchronized (lock) {
                existing = shims.get(socket);
                if (existing != null && !existing.closed && existing.client.isConnected()) {
                    existing.users.add(start.id());
                    stale = null;
                } else {
                    stale = existing;
                    existing = null;
                }
            }
            if (existing != null) {
                started.log().close(); // the shim logs to the fifo of the bundle that started it
                return existing;
            }
            if (stale != null) {
                onStale.accept(stale);
            }
            TaskClient client;
            try {
                client = TaskClient.connect(started.reply(), namespace, callTimeout);
            } catch (RuntimeException e) {
                started.log().close();
                try {
                    launcher.delete(start);
                } catch (CortadoException d) {
                    e.addSuppressed(d);
                }
                throw e;
            }
            ShimConnection shim = new ShimConnection(started.reply(), client, started.log(), warmHandler.isPresent());
            synchronized (lock) {
                shim.users.add(start.id());
                shims.put(socket, shim);
                warmHandler.ifPresent(h -> warm.put(h, shim));
            }
            return shim;
        } finally {
            lifecycle.unlock();
        }
    }

    /** Connects again to a recorded shim (recover); UNAVAILABLE when nothing answers there. */
    ShimConnection reattach(BootstrapReply reply, String id, Path bundle, Optional<String> warmHandler) {
        lifecycle.lock();
        try {
            ShimConnection shim;
            synchronized (lock) {
                shim = shims.get(reply.socket());
                if (shim != null && !shim.closed && shim.client.isConnected()) {
                    shim.users.add(id);
                    adoptLog(shim, id, bundle);
                    return shim;
                }
            }
            if (shim != null) {
                onStale.accept(shim);
            }
            shim = new ShimConnection(
                    reply, TaskClient.connect(reply, namespace, callTimeout), null, warmHandler.isPresent());
            synchronized (lock) {
                shim.users.add(id);
                shims.put(reply.socket(), shim);
                ShimConnection found = shim;
                warmHandler.ifPresent(h -> warm.put(h, found));
                adoptLog(shim, id, bundle);
            }
            return shim;
        } finally {
            lifecycle.unlock();
        }
    }

    /** The shim's log fifo lives in the bundle of the task that started it: drain it again (once per shim). */
    private void adoptLog(ShimConnection shim, String id, Path bundle) {
        Path fifo = bundle.resolve("log");
        if (shim.log == null && Files.exists(fifo) && !Files.isRegularFile(fifo)) {
            try {
                shim.log = ShimLog.open(fifo, id, p -> {
                    throw new IOException("no fifo to make: " + p + " exists");
                });
            } catch (CortadoException e) {
                LOG.warn("cannot drain the shim log {}", fifo, e);
            }
        }
    }

    /**
     * Lets go of a shim for one container; after its last one, Shutdown (the shim exits when it
     * serves no task, as containerd asks after each delete) and the connection is closed. A
     * connection kept warm stays open; only the log fifo of the bundle that started the shim is
     * let go (that bundle goes with its container).
     */
    void release(ShimConnection shim, String id) {
        lifecycle.lock();
        try {
            ShimLog log;
            synchronized (lock) {
                shim.users.remove(id);
                if (!shim.users.isEmpty() || shim.closed) {
                    return;
                }
                log = shim.log;
                if (shim.keepWarm) {
                    shim.log = null;
                } else {
                    shim.closed = true;
                    shims.remove(shim.reply.socket(), shim);
                }
            }
            if (shim.keepWarm) {
                if (log != null) {
                    log.close();
                }
                return;
            }
            try {
                shim.client.shutdown(id);
            } catch (CortadoException e) {
                LOG.warn("shutdown of the {} after task {} failed", shim, id, e);
            }
            shim.close(log, true);
        } finally {
            lifecycle.unlock();
        }
    }

    /** A dead shim: forgotten, so that the next start of its address connects anew. Caller holds the lock. */
    void forgetLocked(ShimConnection shim) {
        shims.remove(shim.reply.socket(), shim);
        warm.values().remove(shim);
    }

    /** How many shims are connected (tests). */
    int size() {
        synchronized (lock) {
            return shims.size();
        }
    }

    /**
     * Lets go of every shim (cortado stops): those serving tasks are not shut down (they and their
     * tasks run on); a warm one serving none is sent Shutdown, so that it exits (once no other
     * client is connected) rather than wait for a cortado that may never come back.
     */
    void closeAll() {
        List<ShimConnection> open;
        List<ShimConnection> idle = new ArrayList<>();
        synchronized (lock) {
            open = new ArrayList<>(shims.values());
            shims.clear();
            warm.clear();
            for (ShimConnection s : open) {
                s.closed = true;
                if (s.users.isEmpty()) {
                    idle.add(s);
                }
            }
        }
        for (ShimConnection s : open) {
            ShimLog log;
            synchronized (lock) {
                log = s.log;
            }
            if (idle.contains(s)) {
                try {
                    s.client.shutdown("");
                } catch (CortadoException e) {
                    LOG.debug("shutdown of the idle {} failed", s, e);
                }
            }
            s.close(log, false); // the next cortado drains their logs again
        }
    }
}

package dev.cortado.cri.runtime;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * {@link Tasks} over containerd shims, as containerd's {@code runtime/v2} task manager drives
 * them: {@code <shim> start} per container (a grouping shim answers with the address it already
 * serves, and the connection is shared), the bootstrap reply kept in
 * {@code <bundle>/bootstrap.json}, Create through the Task API, events from cortado's own
 * {@code TTRPC_ADDRESS}. Each container has one pending Wait on its init process: it gives
 * {@link #waitExit} its answer and, failing with a lost connection, tells that the shim died,
 * which {@link ShimDeaths} handles as containerd's {@code cleanupAfterDeadShim}; the
 * connections, shared by the containers a shim serves, are {@link ShimPool}'s.
 */
public final class ShimTasks implements Tasks {
    private final RuntimeHandlers handlers;
    private final ShimLauncher launcher;
    private final String namespace;
    private final String address;
    private final EventDispatcher<TaskEvent> events;
    private final EventsEndpoint endpoint;
    private final ExitRecovery recovery;
    private final ShimDeaths deaths;
    final Object lock = new Object();
    final ShimPool shims;
    // @GuardedBy("lock")
    final Map<String, KnownTask> tasks = new HashMap<>();
    // @GuardedBy("lock"): ids between their shim's start and Create's answer (or recover's State)
    private final Set<String> pending = new HashSet<>();

    private ShimTasks(
            RuntimeHandlers handlers,
            ShimLauncher launcher,
            String namespace,
            String address,
            Duration callTimeout,
            EventDispatcher<TaskEvent> events,
            EventsEndpoint endpoint) {
        this.handlers = handlers;
        this.launcher = launcher;
        this.namespace = namespace;
        this.address = address;
        this.events = events;
        this.endpoint = endpoint;
        this.recovery = new ExitRecovery(events);
        this.deaths = new ShimDeaths(this, launcher, recovery);
        this.shims = new ShimPool(launcher, namespace, callTimeout, lock, deaths::reportLater);
    }

    /**
     * Starts the events endpoint at {@code eventsSocket} (mode 0600) and returns the tasks.
     *
     * @param namespace the containerd namespace of every task ({@code k8s.io} as containerd's CRI)
     * @param address cortado's own address, {@code <shim> start -address}: runc's shim hashes it
     *     into its socket name
     * @param callTimeout the limit of every Task API call but Wait
     */
    public static ShimTasks open(
            RuntimeHandlers handlers,
            ShimLauncher launcher,
            Path eventsSocket,
            String namespace,
            String address,
            Duration callTimeout) {
        if (namespace == null || namespace.isEmpty() || address == null || address.isEmpty()) {
            throw CortadoException.invalidArgument(
                    "shim tasks need a namespace and an address, got %s and %s", namespace, address);
        }
        EventDispatcher<TaskEvent> events = new EventDispatcher<>();
        try {
            EventsEndpoint endpoint = EventsEndpoint.start(eventsSocket, events);
            try {
                Files.setPosixFilePermissions(eventsSocket, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException e) {
                endpoint.close();
                throw new CortadoException(ErrorKind.INTERNAL, "cannot restrict the events socket " + eventsSocket, e);
            }
            return new ShimTasks(handlers, launcher, namespace, address, callTimeout, events, endpoint);
        } catch (RuntimeException e) {
            events.close();
            throw e;
        }
    }

    /** The events socket, {@code TTRPC_ADDRESS} of every shim started here. */
    public Path eventsSocket() {
        return endpoint.socket();
    }

    @Override
    public int create(String handlerName, CreateTask task) {
        RuntimeHandlers.Handler handler = handlers.resolve(handlerName);
        ShimStartRequest start = handler.startRequest(namespace, task.id(), task.bundle(), address, endpoint.socket());
        reserve(task.id());
        ShimConnection shim = null;
        try {
            shim = shims.attach(start, warmHandler(handler));
            new BootstrapFile(handler.name(), shim.reply).write(task.bundle());
            // containerd's client sends the runtime's options with Create too (container.go NewTask)
            CreateTask sent = task.options().isPresent() || handler.options().isEmpty()
                    ? task
                    : new CreateTask(
                            task.id(),
                            task.bundle(),
                            task.rootfs(),
                            task.stdio(),
                            handler.options(),
                            task.checkpoint());
            int pid = shim.client.create(sent);
            register(
                    new KnownTask(task.id(), handler.name(), start, shim, new CompletableFuture<>(), Optional.empty()));
            return pid;
        } catch (RuntimeException e) {
            undoCreate(start, shim, e);
            throw e;
        } finally {
            synchronized (lock) {
                pending.remove(task.id());
            }
        }
    }

    /** The handler's name when its shim is kept warm (cortado's own). */
    private static Optional<String> warmHandler(RuntimeHandlers.Handler handler) {
        return handler.keepsShimWarm() ? Optional.of(handler.name()) : Optional.empty();
    }

    /** A failed Create leaves nothing: the task (if any), bootstrap.json, our use of the shim, {@code <shim> delete}. */
    private void undoCreate(ShimStartRequest start, ShimConnection shim, RuntimeException cause) {
        if (shim == null) {
            return; // attach undid its own start
        }
        try {
            shim.client.delete(start.id(), "");
        } catch (CortadoException e) {
            // NOT_FOUND: Create made no task
        }
        BootstrapFile.remove(start.bundle());
        shims.release(shim, start.id());
        try {
            launcher.delete(start);
        } catch (CortadoException e) {
            cause.addSuppressed(e);
        }
    }

    private void reserve(String id) {
        synchronized (lock) {
            if (tasks.containsKey(id) || !pending.add(id)) {
                throw CortadoException.alreadyExists("task %s already exists in namespace %s", id, namespace);
            }
        }
    }

    private void register(KnownTask task) {
        synchronized (lock) {
            tasks.put(task.id(), task);
        }
        deaths.watch(task);
    }

    private void forget(KnownTask task) {
        synchronized (lock) {
            tasks.remove(task.id(), task);
        }
        BootstrapFile.remove(task.bundle());
    }

    /**
     * Forgets a deleted task and lets go of its shim, in that order on disk: {@code bootstrap.json}
     * goes only after the shim was told to shut down, so a cortado killed in between finds the
     * shim again at {@link #recover} (no task there: released, and shut down when it was the last).
     */
    private void forgetAndRelease(KnownTask task) {
        synchronized (lock) {
            tasks.remove(task.id(), task);
        }
        shims.release(task.shim(), task.id());
        BootstrapFile.remove(task.bundle());
    }

    KnownTask known(String id) {
        synchronized (lock) {
            KnownTask t = tasks.get(id);
            if (t == null) {
                throw CortadoException.notFound("task %s not found in namespace %s", id, namespace);
            }
            return t;
        }
    }

    private static ShimConnection live(KnownTask t, String what) {
        if (t.isGone()) {
            throw CortadoException.failedPrecondition(
                    "cannot %s in task %s: its shim is gone (exit status %d)",
                    what, t.id(), t.gone().orElseThrow().exitStatus());
        }
        return t.shim();
    }

    @Override
    public int start(String containerId, String execId) {
        return live(known(containerId), "start").client.start(containerId, execId);
    }

    @Override
    public void exec(String containerId, ExecProcess exec) {
        live(known(containerId), "exec").client.exec(containerId, exec);
    }

    @Override
    public void kill(String containerId, String execId, int signal, boolean all) {
        KnownTask t = known(containerId);
        if (t.isGone()) {
            // containerd: a kill of a finished process is NOT_FOUND ("process already finished")
            throw CortadoException.notFound("process %s of task %s already finished", execId, containerId);
        }
        t.shim().client.kill(containerId, execId, signal, all);
    }

    @Override
    public void update(String containerId, String linuxResourcesJson) {
        KnownTask t = known(containerId);
        if (t.isGone()) {
            throw CortadoException.failedPrecondition("cannot update task %s: it has finished", containerId);
        }
        t.shim().client.update(containerId, linuxResourcesJson, java.util.Map.of());
    }

    @Override
    public void checkpoint(String containerId, Path images, Path work, boolean exit, java.time.Duration timeout) {
        live(known(containerId), "checkpoint").client.checkpoint(containerId, images, work, exit, timeout);
    }

    @Override
    public void resizePty(String containerId, String execId, int width, int height) {
        live(known(containerId), "resize the terminal").client.resizePty(containerId, execId, width, height);
    }

    @Override
    public void closeStdin(String containerId, String execId) {
        live(known(containerId), "close stdin").client.closeStdin(containerId, execId);
    }

    @Override
    public ProcessState state(String containerId, String execId) {
        KnownTask t = known(containerId);
        if (t.isGone()) {
            if (execId.isEmpty()) {
                return t.goneState();
            }
            throw CortadoException.notFound("exec %s of task %s not found: its shim is gone", execId, containerId);
        }
        return t.shim().client.state(containerId, execId);
    }

    @Override
    public CompletableFuture<ExitResult> waitExit(String containerId, String execId) {
        KnownTask t = known(containerId);
        if (execId.isEmpty()) {
            return t.exit().copy();
        }
        return live(t, "wait for exec " + execId).client.waitAsync(containerId, execId);
    }

    @Override
    public ExitResult delete(String containerId, String execId) {
        KnownTask t = known(containerId);
        if (!execId.isEmpty()) {
            return live(t, "delete exec " + execId).client.delete(containerId, execId);
        }
        if (t.isGone()) {
            forget(t);
            return t.gone().orElseThrow();
        }
        ExitResult result;
        try {
            result = t.shim().client.delete(containerId, "");
        } catch (CortadoException e) {
            if (e.kind() == ErrorKind.UNAVAILABLE && deaths.reportNow(t.shim(), containerId)) {
                KnownTask after = known(containerId);
                forget(after);
                return after.gone().orElseThrow();
            }
            if (e.kind() == ErrorKind.NOT_FOUND) {
                forgetAndRelease(t); // the shim has no such task: nothing left to delete there
            }
            throw e;
        }
        forgetAndRelease(t);
        return result;
    }

    @Override
    public ProcessState recover(String handlerName, String containerId, Path bundle) {
        BootstrapFile file = BootstrapFile.read(bundle);
        RuntimeHandlers.Handler handler = handlers.resolve(handlerName.isEmpty() ? file.handler() : handlerName);
        ShimStartRequest start = handler.startRequest(namespace, containerId, bundle, address, endpoint.socket());
        reserve(containerId);
        try {
            ShimConnection shim;
            try {
                shim = shims.reattach(file.reply(), containerId, bundle, warmHandler(handler));
            } catch (CortadoException e) {
                if (e.kind() != ErrorKind.UNAVAILABLE) {
                    throw e;
                }
                return deaths.goneOnRecover(handler.name(), start);
            }
            ProcessState state;
            try {
                state = shim.client.state(containerId, "");
            } catch (CortadoException e) {
                shims.release(shim, containerId);
                if (e.kind() != ErrorKind.UNAVAILABLE && e.kind() != ErrorKind.NOT_FOUND) {
                    throw e;
                }
                return deaths.goneOnRecover(handler.name(), start);
            }
            register(new KnownTask(
                    containerId, handler.name(), start, shim, new CompletableFuture<>(), Optional.empty()));
            if (state.status() == ProcessState.Status.STOPPED) {
                recovery.afterReconnect(shim.client, namespace, List.of(new ExitRecovery.ProcessRef(containerId, "")));
            }
            return state;
        } finally {
            synchronized (lock) {
                pending.remove(containerId);
            }
        }
    }

    /** Records a container whose shim is gone (recover found it so). */
    void registerGone(KnownTask task) {
        synchronized (lock) {
            tasks.put(task.id(), task);
        }
    }

    /**
     * Per runtime handler, the shims connected now and the tasks they serve (a container whose
     * shim is gone counts in neither); under cortado's handler each task is one cortado-init
     * monitor. The lock is held only to walk the map, so a scrape never waits for a shim call.
     */
    public List<ShimCounts> counts() {
        Map<String, Set<ShimConnection>> shimsOf = new TreeMap<>();
        Map<String, Integer> tasksOf = new TreeMap<>();
        synchronized (lock) {
            for (KnownTask task : tasks.values()) {
                if (task.shim() != null && !task.isGone()) {
                    shimsOf.computeIfAbsent(task.handler(), h -> Collections.newSetFromMap(new IdentityHashMap<>()))
                            .add(task.shim());
                    tasksOf.merge(task.handler(), 1, Integer::sum);
                }
            }
        }
        return shimsOf.entrySet().stream()
                .map(e -> new ShimCounts(e.getKey(), e.getValue().size(), tasksOf.get(e.getKey())))
                .toList();
    }

    @Override
    public AutoCloseable subscribe(Consumer<TaskEvent> subscriber) {
        return events.subscribe(subscriber);
    }

    @Override
    public void close() {
        synchronized (lock) {
            tasks.clear();
        }
        shims.closeAll();
        deaths.close();
        endpoint.close();
        events.close();
    }
}

package dev.cortado.cri.runtime.inprocess;

import dev.cortado.cri.runtime.CreateTask;
import dev.cortado.cri.runtime.EventDispatcher;
import dev.cortado.cri.runtime.ExecProcess;
import dev.cortado.cri.runtime.ExitResult;
import dev.cortado.cri.runtime.LocalTasks;
import dev.cortado.cri.runtime.ProcessState;
import dev.cortado.cri.runtime.ShimCounts;
import dev.cortado.cri.runtime.TaskEvent;
import dev.cortado.cri.runtime.TypedValue;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.shim.bootstrap.TaskHost;
import dev.cortado.shim.checkpoint.CheckpointSettings;
import dev.cortado.shim.options.ShimConfig;
import dev.cortado.shim.task.TaskKey;
import dev.cortado.shim.task.api.LinuxResourcesJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks of in-process handlers: the shim's task service ({@link TaskHost}) in cortado's JVM,
 * with its state (task records, the monitors' directories) under a root of cortado's own. The
 * cortado-init monitors outlive the JVM as they outlive a shim server: {@link #readopt} re-adopts
 * every task left under the root, and {@link #recover} then reports each container as the shim would,
 * a stopped one with its real exit, whose event the re-adoption published once. Errors keep the service's kinds (NOT_FOUND, FAILED_PRECONDITION,
 * ALREADY_EXISTS, INVALID_ARGUMENT).
 */
public final class InProcessTasks implements LocalTasks {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessTasks.class);
    /** Longer than the watcher's wait for a process's last output (2 s). */
    private static final Duration EXIT_SETTLE = Duration.ofSeconds(5);

    private final TaskHost host;
    private final Path root;
    private final String namespace;
    private final EventDispatcher<TaskEvent> events;
    private final Function<String, Optional<TypedValue>> handlerOptions;
    private final Map<String, String> handlerOf = new ConcurrentHashMap<>();

    private InProcessTasks(
            TaskHost host,
            Path root,
            String namespace,
            EventDispatcher<TaskEvent> events,
            Function<String, Optional<TypedValue>> handlerOptions) {
        this.host = host;
        this.root = root;
        this.namespace = namespace;
        this.events = events;
        this.handlerOptions = handlerOptions;
    }

    /**
     * Opens the task service on {@code root} (created 0700); {@link #readopt} then brings back
     * the tasks a previous cortado left there.
     *
     * @param namespace the containerd namespace of every task ({@code k8s.io})
     * @param handlerOptions a handler's runtime options, sent with Create as a shim gets them
     * @param environment cortado's: {@code CORTADO_SHIM_CONFIG} names the node's shim config file
     *     (else {@code /etc/cortado/shim.toml}), whose {@code UnenforceableLimits} applies to tasks
     *     whose options leave it unset, as in the shim server
     */
    public static InProcessTasks open(
            Path root,
            String namespace,
            Function<String, Optional<TypedValue>> handlerOptions,
            Map<String, String> environment) {
        try {
            Files.createDirectories(root);
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.INTERNAL, "cannot create the in-process task root " + root, e);
        }
        EventDispatcher<TaskEvent> events = new EventDispatcher<>("task-events-local");
        TaskHost host = null;
        try {
            host = TaskHost.open(root, new HostEvents(events), ShimConfig.fromEnv(environment)::unenforceableLimits);
            return new InProcessTasks(host, root, namespace, events, handlerOptions);
        } catch (RuntimeException e) {
            if (host != null) {
                host.close();
            }
            events.close();
            throw e;
        }
    }

    @Override
    public int readopt() {
        int adopted = host.readoptAll();
        LOG.info("in-process tasks on {}: {} task(s) re-adopted", root, adopted);
        return adopted;
    }

    private TaskKey key(String containerId) {
        return new TaskKey(namespace, containerId);
    }

    @Override
    public boolean holds(String containerId) {
        return host.registry().contains(key(containerId));
    }

    @Override
    public int create(String handler, CreateTask task) {
        if (task.checkpoint().isPresent()) {
            // as the cortado shim's Task API Create: cortado-init cannot parent a criu restore yet
            throw CortadoException.unimplemented(
                    "task %s: restore from checkpoint %s is not supported by the cortado handler",
                    task.id(), task.checkpoint().get());
        }
        // containerd's client sends the runtime's options with Create (container.go NewTask)
        Optional<TypedValue> options = task.options().or(() -> handlerOptions.apply(handler));
        int pid = host.service().create(TaskRecords.create(key(task.id()), task, options));
        handlerOf.put(task.id(), handler);
        return pid;
    }

    @Override
    public int start(String containerId, String execId) {
        return host.service().start(key(containerId), execId);
    }

    @Override
    public void exec(String containerId, ExecProcess exec) {
        host.operations()
                .exec(key(containerId), exec.execId(), TaskRecords.stdio(exec.stdio()), exec.processSpecJson());
    }

    @Override
    public void kill(String containerId, String execId, int signal, boolean all) {
        host.operations().kill(key(containerId), execId, signal, all);
    }

    @Override
    public void resizePty(String containerId, String execId, int width, int height) {
        host.operations().resize(key(containerId), execId, width, height);
    }

    @Override
    public void closeStdin(String containerId, String execId) {
        host.operations().closeStdin(key(containerId), execId);
    }

    @Override
    public ProcessState state(String containerId, String execId) {
        return TaskRecords.state(host.service().state(key(containerId), execId));
    }

    @Override
    public CompletableFuture<ExitResult> waitExit(String containerId, String execId) {
        return host.service().exitOf(key(containerId), execId).thenApply(TaskRecords::waited);
    }

    @Override
    public ExitResult delete(String containerId, String execId) {
        ExitResult result = TaskRecords.deleted(host.service().delete(key(containerId), execId));
        if (execId.isEmpty()) {
            handlerOf.remove(containerId);
        }
        return result;
    }

    /**
     * The init process's state after cortado restarted: its task was re-adopted when this opened
     * (NOT_FOUND when there is none), and one that exited meanwhile is STOPPED with its real exit.
     * Unlike a shim's, no exit event can have been lost: the re-adoption publishes every exit
     * whose event was not delivered before (once; a crash between queueing an event and recording
     * it repeats it), so nothing is published here.
     */
    @Override
    public ProcessState recover(String handler, String containerId, Path bundle) {
        ProcessState state = state(containerId, "");
        handlerOf.put(containerId, handler);
        if (state.status() != ProcessState.Status.STOPPED
                && host.service().monitorExit(key(containerId), "").isPresent()) {
            state = afterExit(containerId);
        }
        return state;
    }

    /**
     * The state once the watcher has recorded an exit the monitor already reports (it exited
     * while cortado was away): that takes the last output's copy, at most 2 s.
     */
    private ProcessState afterExit(String containerId) {
        try {
            waitExit(containerId, "").get(EXIT_SETTLE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("container {}: its exit was not recorded within {}", containerId, EXIT_SETTLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return state(containerId, "");
    }

    @Override
    public void update(String containerId, String linuxResourcesJson) {
        host.resources()
                .update(
                        key(containerId),
                        LinuxResourcesJson.parse(linuxResourcesJson.getBytes(StandardCharsets.UTF_8)));
    }

    /** As the shim's Checkpoint with runc's options {@code exit} and {@code work_path}; criu's own timeout applies. */
    @Override
    public void checkpoint(String containerId, Path images, Path work, boolean exit, Duration timeout) {
        host.checkpointer()
                .checkpoint(
                        key(containerId),
                        images,
                        new CheckpointSettings(
                                exit, false, false, false, false, List.of(), Optional.of(work.toString())));
    }

    @Override
    public AutoCloseable subscribe(Consumer<TaskEvent> subscriber) {
        return events.subscribe(subscriber);
    }

    @Override
    public List<ShimCounts> counts() {
        Map<String, Integer> tasksOf = new TreeMap<>();
        handlerOf.values().forEach(h -> tasksOf.merge(h, 1, Integer::sum));
        return tasksOf.entrySet().stream()
                .map(e -> new ShimCounts(e.getKey(), 0, e.getValue()))
                .toList();
    }

    /** Stops the event loop and event delivery; monitors and containers keep running. */
    @Override
    public void close() {
        try {
            host.close();
        } finally {
            events.close();
        }
    }
}

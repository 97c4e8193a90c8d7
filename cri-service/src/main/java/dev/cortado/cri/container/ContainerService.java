package dev.cortado.cri.container;

import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.PodSandboxConfig;
import dev.cortado.cri.runtime.EventDispatcher;
import dev.cortado.cri.sandbox.SandboxContainers;
import dev.cortado.errors.CortadoException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container lifecycle with containerd 1.6/1.7 CRI semantics over the pods' runtime handlers'
 * tasks. Calls on one container are serialized by a per-id lock (its exit handling too);
 * different containers proceed in parallel. The daemon builds it from {@link ContainerParts},
 * calls {@link #recover()} once at start, and closes it at shutdown.
 */
public final class ContainerService implements Containers, SandboxContainers, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerService.class);

    private final ContainerParts parts;
    private final ContainerRecords records;
    private final KeyedLocks locks = new KeyedLocks();
    private final PodGates pods = new PodGates();
    private final EventDispatcher<ContainerEvent> events = new EventDispatcher<>("container-events");
    private final LogCopiers copiers;
    private final ContainerExits exits;
    private final ContainerCreator creator;
    private final ContainerLifecycle lifecycle;
    private final ExecRunner execs;
    private final ContainerRecovery recovery;
    private final ContainerInfo info;
    private final ResourceUpdater updater;
    private final AutoCloseable taskSubscription;
    private final ContainerCheckpoint checkpoints;

    /** Wires the service and subscribes to the tasks' events (exits are handled from now on). */
    public ContainerService(ContainerParts parts) {
        this(parts, dev.cortado.cri.checkpoint.CriuStatus.forHost());
    }

    /** @param criu whether criu works on this node (asked at the first CheckpointContainer) */
    public ContainerService(ContainerParts parts, dev.cortado.cri.checkpoint.CriuStatus criu) {
        this.parts = parts;
        this.records = new ContainerRecords(parts.store());
        ContainerDirs dirs = new ContainerDirs(parts.root(), parts.state());
        this.copiers = new LogCopiers(parts.io(), dirs);
        this.exits = new ContainerExits(parts, records, dirs, copiers, locks, events);
        this.creator = new ContainerCreator(parts, records, dirs, copiers, criu);
        this.lifecycle = new ContainerLifecycle(parts, records, dirs, copiers, exits, events);
        this.execs = new ExecRunner(parts, dirs);
        this.recovery = new ContainerRecovery(parts, records, dirs, copiers, exits, locks);
        this.info = new ContainerInfo(dirs);
        this.updater = new ResourceUpdater(parts.tasks(), records, new BundleResources(dirs));
        this.checkpoints = new ContainerCheckpoint(parts, dirs, criu);
        this.taskSubscription = parts.tasks().subscribe(exits::onTaskEvent);
    }

    /** The containers' log copiers and stdin ends, for {@link StreamingAttaches}. */
    LogCopiers copiers() {
        return copiers;
    }

    /**
     * At daemon start, after the sandbox service's recovery: reconciles stored containers with
     * their tasks (see {@link ContainerRecovery}). Returns how many changed state.
     */
    public int recover() {
        int changed = recovery.recover();
        LOG.info("recovered containers: {} changed state", changed);
        return changed;
    }

    @Override
    public Container create(String sandboxId, ContainerConfig config, PodSandboxConfig sandboxConfig) {
        PodLookup.Pod pod = parts.pods().get(sandboxId);
        Container c = pods.shared(pod.id(), () -> creator.create(parts.pods().get(pod.id()), config, sandboxConfig));
        events.publish(new ContainerEvent(
                ContainerEvent.Type.CREATED, c.id(), c.sandboxId(), c.status().createdAtNanos()));
        LOG.info("container {} ({}) created in pod {}", c.id(), c.name(), c.sandboxId());
        return c;
    }

    @Override
    public void start(String id) {
        String full = records.require(id).id();
        locks.run(full, () -> lifecycle.start(current(full, id)));
    }

    /** Idempotent: an unknown container is fine, as containerd answers (CRI: "must not return an error"). */
    @Override
    public void stop(String id, Duration timeout) {
        Optional<String> full = records.resolve(id);
        full.ifPresent(f -> locks.run(f, () -> records.get(f).ifPresent(c -> lifecycle.stop(c, timeout))));
    }

    /** Idempotent per the CRI spec: removing an absent container "must not return an error". */
    @Override
    public void remove(String id) {
        Optional<String> full = records.resolve(id);
        if (full.isEmpty()) {
            return;
        }
        locks.run(full.get(), () -> records.get(full.get()).ifPresent(lifecycle::remove));
        locks.forget(full.get());
    }

    @Override
    public Container status(String id) {
        return records.require(id);
    }

    @Override
    public Map<String, String> verboseInfo(Container container) {
        return Map.of("info", info.json(container));
    }

    @Override
    public List<Container> list(ContainerFilter filter) {
        return records.withPrefix(filter.id()).stream()
                .filter(c -> ContainerMatch.matches(filter, c))
                .toList();
    }

    @Override
    public ExecSyncResult execSync(String id, List<String> command, Duration timeout) {
        return execs.run(records.require(id), command, timeout);
    }

    @Override
    public void reopenLog(String id) {
        Container c = records.require(id);
        if (c.state() != ContainerState.RUNNING) {
            throw CortadoException.failedPrecondition(
                    "cannot reopen the log of container %s: it is %s, not RUNNING", c.id(), c.state());
        }
        copiers.get(c.id())
                .orElseThrow(
                        () -> CortadoException.failedPrecondition("container %s has no log copy to reopen", c.id()))
                .reopen();
    }

    @Override
    public void updateResources(String id, dev.cortado.api.cri.v1.LinuxContainerResources resources) {
        String full = records.require(id).id();
        locks.run(full, () -> {
            Container updated = updater.update(current(full, id), resources);
            LOG.info("container {}: resources updated", updated.id());
        });
    }

    @Override
    public void checkpoint(String id, java.nio.file.Path location, Duration timeout) {
        String full = records.require(id).id();
        locks.run(full, () -> checkpoints.checkpoint(current(full, id), location, timeout));
    }

    @Override
    public AutoCloseable subscribe(Consumer<ContainerEvent> subscriber) {
        return events.subscribe(subscriber);
    }

    /** StopPodSandbox: every container of the pod is killed at once (containerd stops them with timeout 0). */
    @Override
    public void stopAll(String sandboxId) {
        pods.exclusive(sandboxId, () -> ofPod(sandboxId).forEach(c -> stop(c.id(), Duration.ZERO)));
    }

    /** RemovePodSandbox: every container of the pod is removed (killed first). */
    @Override
    public void removeAll(String sandboxId) {
        pods.exclusive(sandboxId, () -> ofPod(sandboxId).forEach(c -> remove(c.id())));
        pods.forget(sandboxId);
    }

    private List<Container> ofPod(String sandboxId) {
        return records.list().stream()
                .filter(c -> c.sandboxId().equals(sandboxId))
                .toList();
    }

    private Container current(String full, String asked) {
        return records.get(full).orElseThrow(() -> ContainerRecords.notFound(asked));
    }

    /** Stops delivering events and handling exits; containers and their shims keep running. */
    @Override
    public void close() {
        try {
            taskSubscription.close();
        } catch (Exception e) {
            LOG.warn("cannot unsubscribe from task events", e);
        }
        exits.close();
        events.close();
    }
}

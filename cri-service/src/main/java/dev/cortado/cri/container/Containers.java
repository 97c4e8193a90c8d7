package dev.cortado.cri.container;

import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.PodSandboxConfig;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The container lifecycle as the CRI adapter uses it. Ids may be unique prefixes (crictl);
 * errors are {@code CortadoException}s: NOT_FOUND for an unknown container or pod,
 * INVALID_ARGUMENT naming the bad field, FAILED_PRECONDITION for a call the state forbids
 * (start of a running container, create in a pod that is not ready), ALREADY_EXISTS for a
 * name taken in the pod (the reserved name is containerd's {@code makeContainerName}:
 * {@code name_podname_podnamespace_poduid_attempt}).
 */
public interface Containers {
    /** CreateContainer: spec, rootfs, log fifos, shim Create; returns the CREATED container. */
    Container create(String sandboxId, ContainerConfig config, PodSandboxConfig sandboxConfig);

    /** StartContainer: FAILED_PRECONDITION unless CREATED. */
    void start(String id);

    /**
     * StopContainer: idempotent (an exited container is left as is). The stop signal first, then
     * SIGKILL after {@code timeout}; a zero timeout kills at once. Returns once it has exited.
     */
    void stop(String id, Duration timeout);

    /** RemoveContainer: idempotent (unknown id is fine); kills a running container first. */
    void remove(String id);

    /** ContainerStatus: NOT_FOUND when unknown. */
    Container status(String id);

    /** The {@code info} map of a verbose ContainerStatus ({@code "info"}: JSON as containerd's). */
    java.util.Map<String, String> verboseInfo(Container container);

    /** ListContainers. */
    List<Container> list(ContainerFilter filter);

    /**
     * ExecSync: runs {@code command} in the container; DEADLINE_EXCEEDED (and the exec killed)
     * when {@code timeout} (zero: none) passes first. Each stream is capped at 16 MiB.
     */
    ExecSyncResult execSync(String id, List<String> command, Duration timeout);

    /** ReopenContainerLog: the log file is reopened (kubelet renamed it); FAILED_PRECONDITION unless running. */
    void reopenLog(String id);

    /**
     * UpdateContainerResources: applies the resources to the live task (CREATED or RUNNING; other
     * states are FAILED_PRECONDITION) and keeps them in the record, so ContainerStatus reports them
     * and a restart keeps them. Zero values keep the current ones, as containerd merges them.
     */
    void updateResources(String id, dev.cortado.api.cri.v1.LinuxContainerResources resources);

    /**
     * CheckpointContainer: a RUNNING container checkpointed with CRIU into a tar at {@code location}
     * in CRI-O's layout; it keeps running. FAILED_PRECONDITION when it is not running or criu does
     * not work on this node (naming criu's reason); INVALID_ARGUMENT for a bad location.
     */
    default void checkpoint(String id, java.nio.file.Path location, Duration timeout) {
        throw dev.cortado.errors.CortadoException.unimplemented("CheckpointContainer is not supported here");
    }

    /** Subscribes to lifecycle events (delivered in order, on one thread; subscribers return quickly). */
    AutoCloseable subscribe(Consumer<ContainerEvent> subscriber);
}

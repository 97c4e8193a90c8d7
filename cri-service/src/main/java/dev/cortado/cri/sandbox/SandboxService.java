package dev.cortado.cri.sandbox;

import dev.cortado.cgroups.resources.CriLinuxContainerResources;
import dev.cortado.cri.store.ObjectKind;
import dev.cortado.cri.store.StoreIndex;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod sandbox lifecycle behind the CRI RuntimeService's pod RPCs. Calls on one pod are
 * serialized by a per-id lock; different pods proceed in parallel.
 */
public final class SandboxService {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxService.class);

    private final SandboxParts parts;
    private final SandboxCodec codec = new SandboxCodec();
    private final SandboxRunner runner;
    private final SandboxTeardown teardown;
    private final KeyedLocks locks = new KeyedLocks();
    /** The read path: pods decoded once per write, never behind a SQLite writer (see StoreIndex). */
    private final StoreIndex<Sandbox> index;

    public SandboxService(SandboxParts parts) {
        this.parts = parts;
        this.index = parts.store().index(ObjectKind.SANDBOX, codec::decode);
        this.runner = new SandboxRunner(parts, codec);
        this.teardown = new SandboxTeardown(parts);
    }

    /** RunPodSandbox: a READY pod, or an error naming the failed step with nothing left behind. */
    public Sandbox run(PodConfig config) {
        Sandbox sandbox = runner.run(config);
        LOG.info(
                "pod sandbox {} ({}) is ready, ips {}",
                sandbox.id(),
                sandbox.metadata().reservedName(),
                sandbox.network().ips());
        return sandbox;
    }

    /**
     * StopPodSandbox: stops the pod's containers, its PID namespace, its network and its shm, and
     * marks it NOTREADY. Per the CRI spec this is idempotent and "must not return an error if all
     * relevant resources have already been reclaimed", so every step tolerates being repeated; an
     * unknown id is NOT_FOUND, as containerd answers.
     */
    public void stop(String idOrPrefix) {
        String id = index.resolveId(idOrPrefix);
        locks.with(id, () -> {
            Sandbox sandbox = load(id).orElseThrow(() -> notFound(idOrPrefix));
            teardown.stop(sandbox);
            save(sandbox.withState(sandbox.state().stop()));
            return null;
        });
    }

    /**
     * RemovePodSandbox: removes the pod's containers, stops it if needed, unpins its namespaces,
     * deletes its cgroup, files, record and name. Idempotent: per the CRI spec removing a pod that
     * is already gone "must not return an error".
     */
    public void remove(String idOrPrefix) {
        String id;
        try {
            id = index.resolveId(idOrPrefix);
        } catch (CortadoException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return;
            }
            throw e;
        }
        locks.with(id, () -> {
            Optional<Sandbox> found = load(id);
            if (found.isEmpty()) {
                return null;
            }
            Sandbox sandbox = found.get();
            parts.containers().removeAll(id);
            teardown.stop(sandbox);
            teardown.release(sandbox);
            parts.store().inTransaction(tx -> {
                tx.delete(ObjectKind.SANDBOX, id);
                tx.releaseName(ObjectKind.SANDBOX, sandbox.metadata().reservedName());
                return null;
            });
            LOG.info("pod sandbox {} removed", id);
            return null;
        });
        locks.forget(id);
    }

    /** PodSandboxStatus: NOT_FOUND for an unknown pod. */
    public Sandbox status(String idOrPrefix) {
        return index.resolve(idOrPrefix);
    }

    /** ListPodSandbox, from memory. */
    public List<Sandbox> list(SandboxFilter filter) {
        return index.withPrefix(filter.idPrefix()).stream()
                .filter(filter::matches)
                .toList();
    }

    /** The record as JSON, for verbose status ({@code crictl inspectp}). */
    public String verboseJson(Sandbox sandbox) {
        return codec.toJson(sandbox);
    }

    /** UpdateRuntimeConfig: the node's pod CIDR for a templated CNI config; empty is ignored. */
    public void updatePodCidr(String podCidr) {
        if (!podCidr.isEmpty()) {
            parts.network().updatePodCidr(podCidr);
        }
    }

    /**
     * UpdatePodSandboxResources: stored with the pod, and applied to the pod's cgroup where the
     * host's hierarchy has the controllers. The pod's cgroup is its {@code cgroup_parent}, which
     * holds the pod's own cgroup and every container (their cgroupsPath is {@code <parent>/<id>});
     * kubelet resized it before calling, so this writes the same values, and limits a pod that
     * crictl or another client runs with a parent nobody else manages. A pod without a parent has
     * no cgroup over its containers (the handler places them): its own cgroup (its init) gets them.
     * Best effort per the CRI spec: a limit the host cannot enforce is logged, not an error.
     */
    public void updateResources(
            String idOrPrefix,
            Optional<CriLinuxContainerResources> overhead,
            Optional<CriLinuxContainerResources> resources) {
        String id = index.resolveId(idOrPrefix);
        locks.with(id, () -> {
            Sandbox sandbox = load(id).orElseThrow(() -> notFound(idOrPrefix));
            save(sandbox.withConfig(sandbox.config().withResources(overhead, resources)));
            if (resources.isPresent() && !sandbox.cgroupPath().isEmpty() && sandbox.state() == SandboxState.READY) {
                try {
                    parts.cgroups().update(podCgroup(sandbox), resources.get());
                } catch (CortadoException e) {
                    if (e.kind() != ErrorKind.FAILED_PRECONDITION) {
                        throw e;
                    }
                    LOG.warn("pod sandbox {}: resources stored but not applied: {}", id, e.getMessage());
                }
            }
            return null;
        });
    }

    /** The pod's own cgroup is {@code <parent>/<id>} (or the driver's scope in the parent's slice). */
    private static String podCgroup(Sandbox sandbox) {
        String own = sandbox.cgroupPath();
        int slash = own.lastIndexOf('/');
        return sandbox.config().cgroupParent().isEmpty() || slash <= 0 ? own : own.substring(0, slash);
    }

    /**
     * At start-up: pods of an earlier boot (their namespaces, mounts and processes are gone with
     * /run) and pods whose PID namespace init died become NOTREADY; the rest stay as they were.
     */
    public int recover() {
        String boot = parts.bootId().get();
        int changed = 0;
        for (Sandbox sandbox : list(SandboxFilter.ALL)) {
            if (sandbox.state() != SandboxState.READY) {
                continue;
            }
            boolean rebooted = !sandbox.bootId().equals(boot);
            boolean initDied = sandbox.namespaces().initPid() > 0
                    && (rebooted
                            || !parts.init()
                                    .alive(
                                            sandbox.namespaces().initPid(),
                                            sandbox.namespaces().initStartTime()));
            if (rebooted || initDied) {
                LOG.warn(
                        "pod sandbox {} is NOTREADY after restart: {}",
                        sandbox.id(),
                        rebooted ? "the host rebooted" : "its pid namespace init is gone");
                locks.with(sandbox.id(), () -> save(sandbox.withState(SandboxState.NOTREADY)));
                changed++;
            }
        }
        return changed;
    }

    private Optional<Sandbox> load(String id) {
        return index.get(id);
    }

    private Sandbox save(Sandbox sandbox) {
        parts.store().inTransaction(tx -> {
            tx.put(codec.encode(sandbox));
            return null;
        });
        return sandbox;
    }

    private static CortadoException notFound(String id) {
        return CortadoException.notFound("pod sandbox \"%s\" not found", id);
    }
}

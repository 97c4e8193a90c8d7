package dev.cortado.cri.container;

import dev.cortado.api.cri.v1.LinuxContainerConfig;
import dev.cortado.api.cri.v1.LinuxContainerResources;
import dev.cortado.cri.runtime.Tasks;
import dev.cortado.cri.spec.OciResources;
import dev.cortado.errors.CortadoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UpdateContainerResources, as containerd's {@code updateContainerResources}: only a CREATED or
 * RUNNING container (its task exists: Cortado creates it at CreateContainer), the request merged
 * over the current resources (a zero field keeps the current value, as {@code WithResources}),
 * validated before anything changes, applied to the task (the shim writes the cgroup), written
 * into the bundle's {@code config.json} ({@link BundleResources}), then kept in the record. If a
 * later step fails, the earlier ones are undone (the task gets its previous resources back, the
 * spec its previous bytes), so the record, the spec and the cgroup never disagree.
 */
final class ResourceUpdater {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceUpdater.class);

    private final Tasks tasks;
    private final ContainerRecords records;
    private final BundleResources bundles;

    ResourceUpdater(Tasks tasks, ContainerRecords records, BundleResources bundles) {
        this.tasks = tasks;
        this.records = records;
        this.bundles = bundles;
    }

    /** Called under the container's lock. */
    Container update(Container c, LinuxContainerResources requested) {
        if (c.state() != ContainerState.CREATED && c.state() != ContainerState.RUNNING) {
            throw CortadoException.failedPrecondition(
                    "cannot update the resources of container %s: it is %s", c.id(), c.state());
        }
        LinuxContainerResources old = c.config().getLinux().getResources();
        LinuxContainerResources merged = merge(old, requested);
        String json;
        try {
            json = OciResources.updateJson(merged);
        } catch (CortadoException e) {
            throw new CortadoException(e.kind(), "container " + c.id() + ": " + e.getMessage(), e);
        }
        tasks.update(c.id(), json);
        java.util.Optional<byte[]> previousSpec;
        try {
            previousSpec = bundles.update(c.id(), json);
        } catch (RuntimeException e) {
            undo(c, old, e);
            throw e;
        }
        LinuxContainerConfig linux =
                c.config().getLinux().toBuilder().setResources(merged).build();
        try {
            return records.save(
                    c.withConfig(c.config().toBuilder().setLinux(linux).build()));
        } catch (RuntimeException e) {
            previousSpec.ifPresent(bytes -> restoreSpec(c, bytes, e));
            undo(c, old, e);
            throw e;
        }
    }

    private void restoreSpec(Container c, byte[] previous, RuntimeException cause) {
        try {
            bundles.restore(c.id(), previous);
        } catch (java.io.IOException | RuntimeException undo) {
            cause.addSuppressed(undo);
            LOG.warn("container {}: cannot restore its config.json after a failed update", c.id(), undo);
        }
    }

    private void undo(Container c, LinuxContainerResources old, RuntimeException cause) {
        try {
            tasks.update(c.id(), OciResources.updateJson(old));
        } catch (RuntimeException undo) {
            cause.addSuppressed(undo);
            LOG.warn("container {}: cannot restore its previous resources after a failed update", c.id(), undo);
        }
    }

    /**
     * containerd's WithResources: each non-zero field of the request replaces the current one.
     * oom_score_adj is not a cgroup setting and a live process keeps its own: the record keeps the
     * value the process really has.
     */
    static LinuxContainerResources merge(LinuxContainerResources old, LinuxContainerResources in) {
        LinuxContainerResources.Builder out = old.toBuilder();
        if (in.getCpuPeriod() != 0) {
            out.setCpuPeriod(in.getCpuPeriod());
        }
        if (in.getCpuQuota() != 0) {
            out.setCpuQuota(in.getCpuQuota());
        }
        if (in.getCpuShares() != 0) {
            out.setCpuShares(in.getCpuShares());
        }
        if (in.getMemoryLimitInBytes() != 0) {
            out.setMemoryLimitInBytes(in.getMemoryLimitInBytes());
        }
        if (in.getMemorySwapLimitInBytes() != 0) {
            out.setMemorySwapLimitInBytes(in.getMemorySwapLimitInBytes());
        }
        if (!in.getCpusetCpus().isEmpty()) {
            out.setCpusetCpus(in.getCpusetCpus());
        }
        if (!in.getCpusetMems().isEmpty()) {
            out.setCpusetMems(in.getCpusetMems());
        }
        if (in.getHugepageLimitsCount() > 0) {
            out.clearHugepageLimits().addAllHugepageLimits(in.getHugepageLimitsList());
        }
        out.putAllUnified(in.getUnifiedMap());
        return out.build();
    }
}

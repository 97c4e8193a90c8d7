package dev.cortado.cri.sandbox;

/**
 * The undoing half of a pod's life, each step safe to repeat: {@link #stop} (containers, PID
 * namespace init, network, shm) and {@link #release} (pins, cgroup, files). After a reboot the
 * namespaces, mounts and processes are gone with /run; stop then skips the init (its pid may
 * belong to another process now) but still calls CNI DEL, whose IPAM state outlives a reboot.
 */
final class SandboxTeardown {
    private final SandboxParts parts;

    SandboxTeardown(SandboxParts parts) {
        this.parts = parts;
    }

    void stop(Sandbox sandbox) {
        String id = sandbox.id();
        parts.containers().stopAll(id);
        boolean sameBoot = sandbox.bootId().equals(parts.bootId().get());
        PodNamespaces ns = sandbox.namespaces();
        if (sameBoot && ns.initPid() > 0) {
            parts.init().stop(ns.initPid(), ns.initStartTime());
        }
        if (!sandbox.config().namespaces().hostNetwork()) {
            // CNI DEL is idempotent per the CNI spec, also for a netns that is gone
            parts.network().detach(SandboxRunner.attachment(id, sandbox.config(), ns));
        }
        parts.files().unmountShm(id);
    }

    void release(Sandbox sandbox) {
        parts.pinner().unpin(sandbox.id(), sandbox.namespaces());
        parts.cgroups().remove(sandbox.cgroupPath());
        parts.files().remove(sandbox.id());
    }
}

package dev.cortado.integration.containers;

import java.util.Optional;

/**
 * The container contract against Cortado's daemon with its default handler, its own shim
 * ({@code io.containerd.cortado.v2}); plus the daemon restart cases.
 */
class CortadoShimContainersTest extends ContainerLifecycleContract
        implements DaemonRestartContract, StatsContract, StreamingContract, AttachContract, CheckpointContract {
    @Override
    protected Optional<String> unavailable() {
        return ContainerdRuntime.unavailable(); // the same host needs: root, busybox, CNI plugins, iptables, the shim
    }

    @Override
    protected RuntimeUnderTest startRuntime() throws Exception {
        return CortadoRuntime.start("", RuntimeUnderTest.uniqueNetwork('s'));
    }

    @Override
    public CortadoRuntime cortado() {
        return (CortadoRuntime) runtime();
    }
}

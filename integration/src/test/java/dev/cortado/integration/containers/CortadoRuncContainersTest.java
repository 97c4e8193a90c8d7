package dev.cortado.integration.containers;

import java.util.Optional;

/**
 * The container contract against Cortado's daemon with handler {@code runc}: Debian's
 * {@code containerd-shim-runc-v2} as a RuntimeClass; plus the daemon restart cases.
 */
class CortadoRuncContainersTest extends ContainerLifecycleContract
        implements DaemonRestartContract, StatsContract, StreamingContract, AttachContract, CheckpointContract {
    @Override
    protected Optional<String> unavailable() {
        return ContainerdRuntime.unavailable(); // the same host needs: root, busybox, CNI plugins, iptables, the shim
    }

    @Override
    protected RuntimeUnderTest startRuntime() throws Exception {
        return CortadoRuntime.start(CortadoRuntime.RUNC, RuntimeUnderTest.uniqueNetwork('r'));
    }

    @Override
    public CortadoRuntime cortado() {
        return (CortadoRuntime) runtime();
    }
}

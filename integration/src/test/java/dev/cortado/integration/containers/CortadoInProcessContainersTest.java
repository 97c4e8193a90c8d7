package dev.cortado.integration.containers;

import java.util.Optional;

/**
 * The container contract against Cortado's daemon with handler {@code inproc}: cortado's own task
 * service in the daemon's JVM ({@code in_process = true}), no shim server; plus the daemon restart
 * cases, where a {@code kill -9} of the daemon is a crash of the task service too; and checkpoints.
 */
class CortadoInProcessContainersTest extends ContainerLifecycleContract
        implements DaemonRestartContract, StreamingContract, AttachContract, CheckpointContract {
    @Override
    protected Optional<String> unavailable() {
        return ContainerdRuntime.unavailable(); // the same host needs: root, busybox, CNI plugins, iptables
    }

    @Override
    protected RuntimeUnderTest startRuntime() throws Exception {
        return CortadoRuntime.start(CortadoRuntime.IN_PROCESS, RuntimeUnderTest.uniqueNetwork('i'));
    }

    @Override
    public CortadoRuntime cortado() {
        return (CortadoRuntime) runtime();
    }
}

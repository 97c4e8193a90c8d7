package dev.cortado.integration.containers;

import java.util.Optional;

/**
 * The reference: the container contract against Debian's containerd 1.6 CRI plugin with its
 * runc handler. Needs root, containerd, runc, busybox-static, docker-registry, the CNI plugins.
 */
class ContainerdRuncContainersTest extends ContainerLifecycleContract implements AttachContract {
    @Override
    protected Optional<String> unavailable() {
        return ContainerdRuntime.unavailable();
    }

    @Override
    protected RuntimeUnderTest startRuntime() throws Exception {
        return ContainerdRuntime.start(RuntimeUnderTest.uniqueNetwork('c'));
    }

    /** containerd 1.6 serves the kubelet streaming library of its time: WebSocket up to v4. */
    @Override
    public String subprotocol() {
        return "v4.channel.k8s.io";
    }

    /** containerd 1.6's Attach returns {@code fmt.Errorf("container is in %s state")}: UNKNOWN. */
    @Override
    public io.grpc.Status.Code notRunningCode() {
        return io.grpc.Status.Code.UNKNOWN;
    }
}

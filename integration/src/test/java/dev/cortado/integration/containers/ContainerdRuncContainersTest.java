package dev.cortado.integration.containers;

import java.util.Optional;

/**
 * The reference: the container contract against Debian's containerd 1.6 CRI plugin with its
 * runc handler. Needs root, containerd, runc, busybox-static, docker-registry, the CNI plugins.
 */
class ContainerdRuncContainersTest extends ContainerLifecycleContract {
    @Override
    protected Optional<String> unavailable() {
        return ContainerdRuntime.unavailable();
    }

    @Override
    protected RuntimeUnderTest startRuntime() throws Exception {
        return ContainerdRuntime.start(RuntimeUnderTest.uniqueNetwork('c'));
    }
}

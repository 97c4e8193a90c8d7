package dev.cortado.shim.launch;

import dev.cortado.shim.spec.DefaultSpec;
import dev.cortado.shim.spec.Spec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the privileged launcher tests: a busybox rootfs and a {@link Containers} per test.
 *
 * <p>Before each test (and before a subclass's own {@code @BeforeEach} methods, which may change
 * the rootfs) it skips unless {@link Host#assumePrivileged()} holds, then builds {@code
 * tmp/rootfs} with {@link BusyboxRootfs} and a {@link Containers} in {@code tmp}. After each test
 * (and after a subclass's {@code @AfterEach} methods) it closes the containers: every tracked
 * monitor is killed and deleted, and the test's cgroups are removed.
 */
abstract class PrivilegedLauncherFixture {
    @TempDir
    Path tmp;
    /** The containers of this test, under a private cgroup and state root. */
    Containers containers;
    /** The busybox root filesystem, {@code tmp/rootfs}. */
    Path rootfs;

    @BeforeEach
    final void createRootfsAndContainers() throws Exception {
        Host.assumePrivileged();
        rootfs = BusyboxRootfs.create(tmp);
        containers = new Containers(tmp);
    }

    @AfterEach
    final void closeContainers() throws Exception {
        if (containers != null) {
            containers.close();
        }
    }

    /** The default spec on the busybox rootfs, running {@code sh -c script}. */
    Spec shell(String script) {
        return DefaultSpec.of(rootfs.toString(), List.of("sh", "-c", script));
    }
}

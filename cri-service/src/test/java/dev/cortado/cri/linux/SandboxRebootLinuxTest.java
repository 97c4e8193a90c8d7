package dev.cortado.cri.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cortado.cgroups.CgroupMode;
import dev.cortado.cgroups.CgroupParent;
import dev.cortado.cgroups.Hierarchy;
import dev.cortado.cgroups.HierarchyDetector;
import dev.cortado.cgroups.RealCgroupFs;
import dev.cortado.cgroups.control.CgroupManager;
import dev.cortado.cgroups.control.Signaller;
import dev.cortado.cgroups.control.Ticker;
import dev.cortado.cri.network.PodAttachment;
import dev.cortado.cri.network.PodNetwork;
import dev.cortado.cri.network.PodNetworkStatus;
import dev.cortado.cri.sandbox.CgroupPodCgroups;
import dev.cortado.cri.sandbox.NamespaceMode;
import dev.cortado.cri.sandbox.NamespaceOptions;
import dev.cortado.cri.sandbox.NamespacePinner;
import dev.cortado.cri.sandbox.PodConfig;
import dev.cortado.cri.sandbox.PodFiles;
import dev.cortado.cri.sandbox.Sandbox;
import dev.cortado.cri.sandbox.SandboxContainers;
import dev.cortado.cri.sandbox.SandboxFilter;
import dev.cortado.cri.sandbox.SandboxMetadata;
import dev.cortado.cri.sandbox.SandboxParts;
import dev.cortado.cri.sandbox.SandboxService;
import dev.cortado.cri.sandbox.SandboxState;
import dev.cortado.cri.sandbox.UnsharePodInit;
import dev.cortado.cri.store.SqliteMetadataStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host reboot, as far as a test can make one: the pod's mounts and processes vanish (as with
 * /run on tmpfs), the boot id changes; the restarted service reports the pod NOTREADY and
 * stop + remove clean it without errors. Real syscalls, cgroups and SQLite store.
 */
class SandboxRebootLinuxTest {
    /** The pod here uses the host network: attaching is never called. */
    private static final PodNetwork HOST_NETWORK_ONLY = new PodNetwork() {
        @Override
        public PodNetworkStatus attach(PodAttachment attachment) {
            throw new AssertionError("a host-network pod is never attached");
        }

        @Override
        public void detach(PodAttachment attachment) {}

        @Override
        public void updatePodCidr(String podCidr) {}
    };

    @TempDir
    Path dir;

    final NativePodSyscalls sys = new NativePodSyscalls();
    final AtomicReference<String> bootId = new AtomicReference<>("boot-a");
    Hierarchy hierarchy;
    String parent;

    @BeforeEach
    void requireRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")), "unshare, mount and cgroups need root");
        hierarchy = HierarchyDetector.forHost().detect();
        assumeTrue(hierarchy.mode() != CgroupMode.NONE, "no cgroup2 hierarchy mounted");
        parent = "/pods-reboot-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void removeParent() throws Exception {
        if (parent != null && hierarchy != null) {
            Files.deleteIfExists(hierarchy.root().resolve(parent.substring(1)));
        }
    }

    private SandboxService service(SqliteMetadataStore store) {
        Path state = dir.resolve("state");
        CgroupManager cgroups =
                new CgroupManager(new RealCgroupFs(), hierarchy, Ticker.system(), Signaller.processHandles());
        return new SandboxService(new SandboxParts(
                store,
                new NamespacePinner(sys, state.resolve("ns"), Path.of("/proc/thread-self/ns"), Path.of("/proc/sys")),
                new UnsharePodInit(sys, Path.of("/proc"), "unshare", "sleep"),
                new CgroupPodCgroups(cgroups, CgroupParent.Driver.CGROUPFS, "/unused"),
                HOST_NETWORK_ONLY,
                new PodFiles(sys, state.resolve("pods"), Path.of("/etc/resolv.conf"), Path.of("/etc/hosts"), () -> "h"),
                SandboxContainers.NONE,
                Clock.systemUTC(),
                bootId::get,
                "cortado",
                Set.of("cortado")));
    }

    @Test
    void afterReboot_podIsNotReady_andStopRemoveCleanWithoutErrors() throws Exception {
        Path db = dir.resolve("cortado.db");
        Sandbox pod;
        try (SqliteMetadataStore store = SqliteMetadataStore.open(db)) {
            pod = service(store)
                    .run(PodConfig.builder(new SandboxMetadata("r", "u", "n", 0))
                            .cgroupParent(parent)
                            .namespaces(new NamespaceOptions(
                                    NamespaceMode.NODE, NamespaceMode.POD, NamespaceMode.POD, "", NamespaceMode.NODE))
                            .build());
        }
        assertThat(pod.namespaces().initPid()).isPositive();
        // the "reboot": processes killed, every mount under /run gone, a new boot id
        sys.kill(pod.namespaces().initPid(), 9);
        for (Path pin : pod.namespaces().pins()) {
            sys.unmount(pin);
        }
        sys.unmount(dir.resolve("state/pods").resolve(pod.id()).resolve("shm"));
        bootId.set("boot-b");

        try (SqliteMetadataStore store = SqliteMetadataStore.open(db)) {
            SandboxService restarted = service(store);
            assertThat(restarted.recover()).isEqualTo(1);
            assertThat(restarted.status(pod.id()).state()).isEqualTo(SandboxState.NOTREADY);
            restarted.stop(pod.id());
            restarted.remove(pod.id());
            assertThat(restarted.list(SandboxFilter.ALL)).isEmpty();
        }
        assertThat(hierarchy.root().resolve(pod.cgroupPath().substring(1))).doesNotExist();
        assertThat(dir.resolve("state/ns").resolve(pod.id())).doesNotExist();
        assertThat(dir.resolve("state/pods").resolve(pod.id())).doesNotExist();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(dir.toString());
    }
}

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
import dev.cortado.cri.sandbox.CgroupPodCgroups;
import dev.cortado.cri.sandbox.NamespaceOptions;
import dev.cortado.cri.sandbox.NamespacePinner;
import dev.cortado.cri.sandbox.PodConfig;
import dev.cortado.cri.sandbox.PodFiles;
import dev.cortado.cri.sandbox.PodInit;
import dev.cortado.cri.sandbox.PodNamespaces;
import dev.cortado.cri.sandbox.SandboxMetadata;
import dev.cortado.cri.sandbox.UnsharePodInit;
import dev.cortado.cri.store.Ids;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real thing: unshare, pin, hostname, sysctls, a pid namespace init, shm and a pod cgroup, as root. */
class PodNamespacesLinuxTest {
    @TempDir
    Path dir;

    final NativePodSyscalls sys = new NativePodSyscalls();
    String id;

    @BeforeEach
    void requireRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")), "unshare, mount and cgroups need root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/nsenter")), "nsenter missing (util-linux)");
        id = Ids.generate();
    }

    @Test
    void pin_createsNamespacesWithHostnameAndSysctl_unpinLeavesNoMount() throws Exception {
        NamespacePinner pinner =
                new NamespacePinner(sys, dir.resolve("ns"), Path.of("/proc/thread-self/ns"), Path.of("/proc/sys"));
        String hostBefore =
                Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();

        PodNamespaces ns =
                pinner.pin(id, NamespaceOptions.DEFAULT, "pods-test-host", Map.of("net.core.somaxconn", "1234"));
        try {
            assertThat(run("nsenter", "--net=" + ns.net(), "--uts=" + ns.uts(), "hostname"))
                    .isEqualTo("pods-test-host");
            assertThat(run("nsenter", "--net=" + ns.net(), "cat", "/proc/sys/net/core/somaxconn"))
                    .isEqualTo("1234");
            assertThat(run("nsenter", "--net=" + ns.net(), "cat", "/proc/net/dev"))
                    .contains("lo:")
                    .doesNotContain("eth0");
            // lo is up (LOOPBACK,UP flags), as the loopback plugin would leave it
            assertThat(run("nsenter", "--net=" + ns.net(), "ip", "-o", "link", "show", "lo"))
                    .contains(",UP");
            assertThat(run("nsenter", "--ipc=" + ns.ipc(), "readlink", "/proc/self/ns/ipc"))
                    .isNotEqualTo(
                            Files.readSymbolicLink(Path.of("/proc/self/ns/ipc")).toString());
            assertThat(Files.readString(Path.of("/proc/sys/kernel/hostname")).trim())
                    .isEqualTo(hostBefore);
            assertThat(Files.readString(Path.of("/proc/sys/net/core/somaxconn")).trim())
                    .isNotEqualTo("1234");
            assertThat(mountinfo()).contains(ns.net(), ns.ipc(), ns.uts());
        } finally {
            pinner.unpin(id, ns);
        }
        assertThat(mountinfo()).doesNotContain(id);
        assertThat(dir.resolve("ns").resolve(id)).doesNotExist();
        pinner.unpin(id, ns); // idempotent
    }

    @Test
    void podInit_isPidOneOfANewPidNamespace_stopKillsIt() throws Exception {
        UnsharePodInit init = new UnsharePodInit(sys, Path.of("/proc"), "unshare", "sleep");
        Path pin = Files.createDirectories(dir.resolve("ns")).resolve("pid");
        PodInit.Started started = init.start(id, pin);
        try {
            assertThat(init.alive(started.pid(), started.startTime())).isTrue();
            assertThat(Files.readSymbolicLink(Path.of("/proc/" + started.pid() + "/ns/pid")))
                    .isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/pid")));
            // a process joining the pinned namespace is not pid 1 there: the init is
            assertThat(run("nsenter", "--pid=" + pin, "sh", "-c", "echo $$"))
                    .isNotEqualTo("1")
                    .matches("[0-9]+");
            assertThat(init.alive(started.pid(), started.startTime() + 1)).isFalse(); // a recycled pid is not ours
        } finally {
            init.stop(started.pid(), started.startTime());
            sys.unmount(pin);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (init.alive(started.pid(), started.startTime()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(init.alive(started.pid(), started.startTime())).isFalse();
    }

    @Test
    void podFiles_mountA64MiBShm_removeUnmountsIt() throws Exception {
        PodFiles files =
                new PodFiles(sys, dir.resolve("pods"), Path.of("/etc/resolv.conf"), Path.of("/etc/hosts"), () -> "h");
        files.create(
                id, PodConfig.builder(new SandboxMetadata("p", "u", "n", 0)).build(), "10.0.0.2");
        try {
            assertThat(mountinfo())
                    .contains(dir.resolve("pods").resolve(id).resolve("shm") + " ")
                    .containsPattern("shm .*size=65536k");
        } finally {
            files.remove(id);
        }
        assertThat(mountinfo()).doesNotContain(id);
        assertThat(dir.resolve("pods").resolve(id)).doesNotExist();
    }

    @Test
    void podCgroup_cgroupfsAndSystemdForms_removedWithoutTouchingParents() throws Exception {
        Hierarchy hierarchy = HierarchyDetector.forHost().detect();
        assumeTrue(hierarchy.mode() != CgroupMode.NONE, "no cgroup2 hierarchy mounted");
        CgroupManager manager =
                new CgroupManager(new RealCgroupFs(), hierarchy, Ticker.system(), Signaller.processHandles());
        String suffix = id.substring(0, 8);
        Path parentDir = hierarchy.root().resolve("pods-test-" + suffix);
        Path sliceDir = hierarchy.root().resolve("podstest" + suffix + ".slice");
        try {
            CgroupPodCgroups cgroupfs = new CgroupPodCgroups(manager, CgroupParent.Driver.CGROUPFS, "/unused");
            String path = cgroupfs.create(id, "/pods-test-" + suffix);
            assertThat(path).isEqualTo("/pods-test-" + suffix + "/" + id);
            assertThat(hierarchy.root().resolve(path.substring(1))).isDirectory();
            cgroupfs.remove(path);
            cgroupfs.remove(path);
            assertThat(hierarchy.root().resolve(path.substring(1))).doesNotExist();
            assertThat(parentDir).isDirectory();

            CgroupPodCgroups systemd = new CgroupPodCgroups(manager, CgroupParent.Driver.SYSTEMD, "unused.slice");
            String scope = systemd.create(id, "podstest" + suffix + "-pod1.slice");
            assertThat(scope)
                    .isEqualTo(
                            "/podstest" + suffix + ".slice/podstest" + suffix + "-pod1.slice/cortado-" + id + ".scope");
            systemd.remove(scope);
            assertThat(hierarchy.root().resolve(scope.substring(1))).doesNotExist();
            assertThat(sliceDir.resolve("podstest" + suffix + "-pod1.slice")).isDirectory();
        } finally {
            Files.deleteIfExists(sliceDir.resolve("podstest" + suffix + "-pod1.slice"));
            Files.deleteIfExists(sliceDir);
            Files.deleteIfExists(parentDir);
        }
    }

    private static String mountinfo() throws IOException {
        return Files.readString(Path.of("/proc/self/mountinfo"));
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process process =
                new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor()).as("%s: %s", List.of(command), out).isZero();
        return out;
    }
}

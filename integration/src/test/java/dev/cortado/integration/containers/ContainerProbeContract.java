package dev.cortado.integration.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.api.cri.v1.Capability;
import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.ContainerState;
import dev.cortado.api.cri.v1.ContainerStatus;
import dev.cortado.api.cri.v1.Int64Value;
import dev.cortado.api.cri.v1.Mount;
import dev.cortado.api.cri.v1.MountPropagation;
import dev.cortado.api.cri.v1.RuntimeHandler;
import dev.cortado.api.cri.v1.SecurityProfile;
import dev.cortado.integration.containerd.HostCleanup;
import dev.cortado.integration.cri.CriLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What a container sees of what kubelet asked for, part of the contract: the probe image's
 * script prints it (see {@link Probe}) and the test checks each fact. The pod also runs a writer
 * container, whose file in /dev/shm the probe must see (the pod's shared IPC and shm).
 */
interface ContainerProbeContract {
    RuntimeUnderTest runtime();

    Kubelet kubelet();

    TestImages images();

    /** containerd's default capability set (CRI without add/drop), as /proc/self/status shows it. */
    long DEFAULT_CAPS = 0xa80425fbL;

    int CAP_NET_ADMIN = 12;
    int CAP_MKNOD = 27;

    @Test
    default void probe_seesWhatKubeletAskedFor() throws Exception {
        Kubelet.Pod pod = kubelet().runPod("ctr-it-probe");
        ContainerConfig writer = kubelet()
                .container(
                        pod,
                        "writer",
                        images().busybox(),
                        "sh",
                        "-c",
                        "echo shared-by-writer > " + Probe.SHARED_SHM_FILE + "; echo written; sleep 3600")
                .build();
        kubelet().run(pod, writer);
        Kubelet.awaitLog(Kubelet.logOf(pod, writer), lines -> !lines.isEmpty());

        Path host = Files.createTempDirectory(Path.of("/tmp"), "ctr-it-probe");
        try {
            Path rw = Files.createDirectory(host.resolve("rw"));
            Path ro = Files.createDirectory(host.resolve("ro"));
            Files.writeString(rw.resolve("hello.txt"), "hello from host\n");
            Files.writeString(ro.resolve("hello.txt"), "read only\n");
            Files.setPosixFilePermissions(rw, PosixFilePermissions.fromString("rwxrwxrwx"));
            // kubelet's termination message file and its managed /etc/hosts, mounted as kubelet mounts them
            Path termination = Files.writeString(host.resolve("termination-log"), "");
            Files.setPosixFilePermissions(termination, PosixFilePermissions.fromString("rw-rw-rw-"));
            String ip = kubelet()
                    .cri()
                    .podSandboxStatus(pod.id(), false)
                    .getStatus()
                    .getNetwork()
                    .getIp();
            String hosts = "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n" + ip + "\tctr-it-probe\n";
            Path etcHosts = Files.writeString(host.resolve("etc-hosts"), hosts);

            ContainerConfig.Builder probe = kubelet()
                    .container(pod, "probe", images().probe())
                    .addEnvs(Kubelet.env("OVERRIDDEN", "cri"))
                    .addMounts(Mount.newBuilder().setHostPath(rw.toString()).setContainerPath("/mnt/rw"))
                    .addMounts(Mount.newBuilder()
                            .setHostPath(ro.toString())
                            .setContainerPath("/mnt/ro")
                            .setReadonly(true))
                    .addMounts(
                            Mount.newBuilder().setHostPath(etcHosts.toString()).setContainerPath("/etc/hosts"))
                    .addMounts(Mount.newBuilder()
                            .setHostPath(termination.toString())
                            .setContainerPath("/dev/termination-log"));
            probe.getLinuxBuilder()
                    .getSecurityContextBuilder()
                    .setRunAsUser(Int64Value.newBuilder().setValue(TestImages.PROBE_UID))
                    .setRunAsGroup(Int64Value.newBuilder().setValue(TestImages.PROBE_GID))
                    .addSupplementalGroups(3456)
                    .setReadonlyRootfs(true)
                    .setNoNewPrivs(true) // allowPrivilegeEscalation: false
                    .setCapabilities(Capability.newBuilder()
                            .addAddCapabilities("NET_ADMIN")
                            .addDropCapabilities("MKNOD"))
                    .setSeccomp(
                            SecurityProfile.newBuilder().setProfileType(SecurityProfile.ProfileType.RuntimeDefault));
            ContainerConfig config = probe.build();
            String id = kubelet().run(pod, config);
            ContainerStatus exited =
                    kubelet().cri().awaitState(id, ContainerState.CONTAINER_EXITED, ContainerLifecycleContract.EXIT);
            Probe seen = Probe.of(CriLog.messages(CriLog.read(Kubelet.logOf(pod, config)), CriLog.Stream.STDOUT));
            assertThat(exited.getExitCode()).as(seen.toString()).isZero();
            assertThat(exited.getReason()).isEqualTo("Completed");

            // env: the image's, then CRI's (which wins), kubelet's service variables and 40 more
            assertThat(seen.env())
                    .contains(
                            "PATH=/bin",
                            "FROM_IMAGE=image",
                            "OVERRIDDEN=cri",
                            "HOSTNAME=ctr-it-probe",
                            "HOME=/work") // HOME: the user's home in the image's /etc/passwd
                    .doesNotContain("OVERRIDDEN=image")
                    .containsAll(Kubelet.SERVICE_ENV)
                    .containsAll(IntStream.range(0, 40)
                            .mapToObj(i -> "CTR_IT_" + i + "=value-" + i)
                            .toList());
            // ids: run_as_user/run_as_group; groups (as containerd 1.6 + runc): the primary, the
            // supplemental one and the user's membership in the image's /etc/group
            assertThat(seen.status("Uid")).isEqualTo("1234 1234 1234 1234");
            assertThat(seen.status("Gid")).isEqualTo("2345 2345 2345 2345");
            assertThat(seen.status("Groups")).isEqualTo("2345 3456 " + TestImages.PROBE_EXTRA_GID);
            // capabilities: the bounding set is the default + NET_ADMIN - MKNOD; a non-root user holds none
            long bounding = (DEFAULT_CAPS | 1L << CAP_NET_ADMIN) & ~(1L << CAP_MKNOD);
            assertThat(seen.status("CapBnd")).isEqualTo("%016x".formatted(bounding));
            assertThat(seen.status("CapEff")).isEqualTo("0000000000000000");
            assertThat(seen.status("NoNewPrivs")).isEqualTo("1");
            assertThat(seen.status("Seccomp")).isEqualTo("2"); // filter mode: RuntimeDefault
            assertThat(seen.one("cwd")).isEqualTo("/work"); // the image's WorkingDir
            assertThat(seen.one("hostname")).isEqualTo("ctr-it-probe");
            assertThat(seen.all("hosts"))
                    .containsExactlyElementsOf(hosts.lines().toList());
            assertThat(seen.all("resolv"))
                    .contains(
                            "nameserver 10.96.0.10",
                            "search ctr-it.svc.cluster.local svc.cluster.local cluster.local",
                            "options ndots:5");
            // kubelet's masked paths: files become /dev/null (char 1:3), directories an empty read-only tmpfs
            assertThat(seen.all("masked-file"))
                    .filteredOn(l -> !l.contains("No such file"))
                    .hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(l -> assertThat(l).endsWith("character special file 1:3"));
            assertThat(seen.all("masked-dir"))
                    .isNotEmpty()
                    .allSatisfy(l -> assertThat(l).endsWith(" 0"));
            assertThat(seen.all("ro-path"))
                    .anySatisfy(l -> assertThat(l).startsWith("/proc/sys "))
                    .allSatisfy(l -> assertThat(l.split(" ")[1]).startsWith("ro"));
            assertThat(seen.one("rootfs")).isEqualTo("readonly");
            assertThat(seen.one("mount-rw")).isEqualTo("hello from host");
            assertThat(seen.one("mount-rw-write")).isEqualTo("ok");
            assertThat(Files.readString(rw.resolve("from-probe"))).isEqualTo("from-probe\n");
            assertThat(seen.one("mount-ro")).isEqualTo("read only");
            assertThat(seen.one("mount-ro-write")).isEqualTo("failed");
            assertThat(seen.one("shm")).isEqualTo("shared-by-writer");
            assertThat(seen.one("termination-log")).isEqualTo("written");
            assertThat(Files.readString(termination)).isEqualTo("probe finished\n");
        } finally {
            HostCleanup.deleteTree(host);
        }
    }

    /**
     * A read-only host mount with a submount (a tmpfs), as kubelet's {@code recursiveReadOnly:
     * Enabled} asks for it: where Status says the pod's handler supports recursive read-only
     * mounts, the submount is read-only too (a plain read-only bind leaves it writable); where it
     * says not, CreateContainer refuses with containerd 2's {@code RROUnsupported}. A runtime whose
     * Status lists no handlers (containerd 1.6) is never sent the field by kubelet: skipped.
     */
    @Test
    default void recursiveReadOnlyMount_isWhatStatusPromises() throws Exception {
        Optional<RuntimeHandler> handler = kubelet().cri().status(false).getRuntimeHandlersList().stream()
                .filter(h -> h.getName().equals(runtime().handler()))
                .findFirst(); // the pods' handler
        Assumptions.assumeTrue(handler.isPresent(), "the runtime lists no handler features in Status");
        assertThat(handler.get().getFeatures().getRecursiveReadOnlyMounts())
                .as("rro in Status")
                .isEqualTo(runtime().promisesRecursiveReadOnlyMounts());
        Path host = Files.createTempDirectory(Path.of("/tmp"), "ctr-it-rro");
        Path sub = Files.createDirectory(host.resolve("sub"));
        assertThat(new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "ctr-it-rro", sub.toString())
                        .inheritIO()
                        .start()
                        .waitFor())
                .isZero();
        try {
            Kubelet.Pod pod = kubelet().runPod("ctr-it-rro");
            ContainerConfig config = kubelet()
                    .container(
                            pod,
                            "rro",
                            images().busybox(),
                            "sh",
                            "-c",
                            "for m in ro rro; do touch /mnt/$m/sub/x 2>/dev/null && echo $m-sub-writable "
                                    + "|| echo $m-sub-readonly; done")
                    .addMounts(Mount.newBuilder()
                            .setHostPath(host.toString())
                            .setContainerPath("/mnt/ro")
                            .setReadonly(true))
                    .addMounts(Mount.newBuilder()
                            .setHostPath(host.toString())
                            .setContainerPath("/mnt/rro")
                            .setReadonly(true)
                            .setRecursiveReadOnly(true)
                            .setPropagation(MountPropagation.PROPAGATION_PRIVATE))
                    .build();
            if (!handler.get().getFeatures().getRecursiveReadOnlyMounts()) {
                assertThatThrownBy(() -> kubelet().create(pod, config)).hasMessageContaining("RROUnsupported");
                return;
            }
            String id = kubelet().run(pod, config);
            kubelet().cri().awaitState(id, ContainerState.CONTAINER_EXITED, ContainerLifecycleContract.EXIT);
            assertThat(CriLog.messages(CriLog.read(Kubelet.logOf(pod, config)), CriLog.Stream.STDOUT))
                    .containsExactly("ro-sub-writable", "rro-sub-readonly");
            assertThat(sub.resolve("x")).exists(); // written through the plain read-only bind's submount
        } finally {
            HostCleanup.unmountUnder(host);
            HostCleanup.deleteTree(host);
        }
    }
}

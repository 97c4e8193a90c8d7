package dev.cortado.cri.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.TextFormat;
import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.ContainerMetadata;
import dev.cortado.api.cri.v1.ImageSpec;
import dev.cortado.api.cri.v1.LinuxContainerConfig;
import dev.cortado.api.cri.v1.LinuxContainerResources;
import dev.cortado.api.cri.v1.Mount;
import dev.cortado.api.cri.v1.MountPropagation;
import dev.cortado.api.cri.v1.Signal;
import dev.cortado.cri.container.Container;
import dev.cortado.cri.container.ContainerState;
import dev.cortado.cri.container.ContainerStatus;
import dev.cortado.cri.container.ContainerUser;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtoContainersTest {
    private static final String ID = "0123456789abcdef".repeat(4);
    private static final String POD = "fedcba9876543210".repeat(4);
    private static final String IMAGE_ID = "sha256:" + "ab".repeat(32);

    /** What kubelet sends: the image by id, a volume with propagation, resources, labels and annotations. */
    private static final ContainerConfig KUBELET = ContainerConfig.newBuilder()
            .setMetadata(ContainerMetadata.newBuilder().setName("app").setAttempt(2))
            .setImage(ImageSpec.newBuilder().setImage(IMAGE_ID).setUserSpecifiedImage("busybox:1.36"))
            .putLabels("io.kubernetes.container.name", "app")
            .putAnnotations("io.kubernetes.container.hash", "1f2e")
            .addMounts(Mount.newBuilder()
                    .setContainerPath("/data")
                    .setHostPath("/var/lib/kubelet/pods/u/volumes/d")
                    .setPropagation(MountPropagation.PROPAGATION_HOST_TO_CONTAINER)
                    .setSelinuxRelabel(true))
            .addMounts(Mount.newBuilder()
                    .setContainerPath("/etc/hosts")
                    .setHostPath("/var/lib/kubelet/pods/u/etc-hosts")
                    .setReadonly(true))
            .setLogPath("app/2.log")
            .setLinux(LinuxContainerConfig.newBuilder()
                    .setResources(LinuxContainerResources.newBuilder()
                            .setCpuPeriod(100_000)
                            .setCpuQuota(50_000)
                            .setCpuShares(512)
                            .setMemoryLimitInBytes(64 << 20)
                            .setOomScoreAdj(999)))
            .build();

    private static Container oomKilled() {
        return new Container(
                ID,
                POD,
                KUBELET,
                IMAGE_ID,
                "docker.io/library/busybox:1.36",
                "docker.io/library/busybox@sha256:" + "cd".repeat(32),
                "/var/log/pods/ns_p_u/app/2.log",
                "cortado",
                "SIGRTMIN+3",
                new ContainerUser(1000, 3000, List.of(3000L, 4000L)),
                new ContainerStatus(
                        ContainerState.EXITED,
                        1_000_000_001L,
                        1_000_000_002L,
                        1_000_000_003L,
                        137,
                        "OOMKilled",
                        "memory limit",
                        0));
    }

    @Test
    void status_ofAnOomKilledContainer_isFilledAsContainerd() throws Exception {
        dev.cortado.api.cri.v1.ContainerStatus.Builder expected = dev.cortado.api.cri.v1.ContainerStatus.newBuilder();
        TextFormat.merge("""
                id: "%1$s"
                metadata { name: "app" attempt: 2 }
                state: CONTAINER_EXITED
                created_at: 1000000001
                started_at: 1000000002
                finished_at: 1000000003
                exit_code: 137
                image { image: "docker.io/library/busybox:1.36" }
                image_ref: "docker.io/library/busybox@sha256:%2$s"
                reason: "OOMKilled"
                message: "memory limit"
                labels { key: "io.kubernetes.container.name" value: "app" }
                annotations { key: "io.kubernetes.container.hash" value: "1f2e" }
                mounts { container_path: "/data" host_path: "/var/lib/kubelet/pods/u/volumes/d"
                         selinux_relabel: true propagation: PROPAGATION_HOST_TO_CONTAINER }
                mounts { container_path: "/etc/hosts" host_path: "/var/lib/kubelet/pods/u/etc-hosts" readonly: true }
                log_path: "/var/log/pods/ns_p_u/app/2.log"
                resources { linux { cpu_period: 100000 cpu_quota: 50000 cpu_shares: 512
                                    memory_limit_in_bytes: 67108864 oom_score_adj: 999 } }
                image_id: "%3$s"
                user { linux { uid: 1000 gid: 3000 supplemental_groups: [3000, 4000] } }
                stop_signal: SIGNAL_SIGRTMINPLUS3
                """.formatted(ID, "cd".repeat(32), IMAGE_ID), expected);

        assertThat(TextFormat.printer().printToString(ProtoContainers.status(oomKilled())))
                .isEqualTo(TextFormat.printer().printToString(expected.build()));
    }

    @Test
    void status_timesFollowTheState_andAnExitWithoutReasonGetsContainerdsReason() {
        ContainerStatus created = ContainerStatus.created(5, 0);
        var c = ProtoContainers.status(oomKilled().withStatus(created));
        assertThat(c.getStartedAt()).isZero();
        assertThat(c.getFinishedAt()).isZero();
        assertThat(c.getReason()).isEmpty();

        var running = ProtoContainers.status(
                oomKilled().withStatus(new ContainerStatus(ContainerState.RUNNING, 5, 6, 0, 0, "", "", 42)));
        assertThat(running.getStartedAt()).isEqualTo(6);
        assertThat(running.getFinishedAt()).isZero();

        assertThat(ProtoContainers.status(oomKilled()
                                .withStatus(new ContainerStatus(ContainerState.EXITED, 5, 6, 7, 0, "", "", 0)))
                        .getReason())
                .isEqualTo("Completed");
        assertThat(ProtoContainers.status(oomKilled()
                                .withStatus(new ContainerStatus(ContainerState.EXITED, 5, 6, 7, 2, "", "", 0)))
                        .getReason())
                .isEqualTo("Error");
    }

    @Test
    void status_whenTheRecordNamesTheImageAsSent_keepsTheSentSpecWhole() {
        Container crictl = new Container(
                ID,
                POD,
                KUBELET.toBuilder()
                        .setImage(
                                ImageSpec.newBuilder().setImage("busybox:1.36").setUserSpecifiedImage("busybox:1.36"))
                        .build(),
                IMAGE_ID,
                "busybox:1.36",
                "",
                "",
                "cortado",
                "SIGTERM",
                new ContainerUser(0, 0, List.of()),
                ContainerStatus.created(1, 0));

        var status = ProtoContainers.status(crictl);

        assertThat(status.getImage().getUserSpecifiedImage()).isEqualTo("busybox:1.36");
        assertThat(status.getImageRef())
                .as("no repo digest: the id, never empty (critest)")
                .isEqualTo(IMAGE_ID);
        assertThat(status.getStopSignal()).isEqualTo(Signal.SIGNAL_SIGTERM);
    }

    @Test
    void listItem_isFilledAsContainerdsToCriContainer() {
        var item = ProtoContainers.toProto(oomKilled());

        assertThat(item.getId()).isEqualTo(ID);
        assertThat(item.getPodSandboxId()).isEqualTo(POD);
        assertThat(item.getMetadata()).isEqualTo(KUBELET.getMetadata());
        assertThat(item.getImage()).as("as the config sent it").isEqualTo(KUBELET.getImage());
        assertThat(item.getImageRef())
                .as("the image id, which kubelet's image GC matches")
                .isEqualTo(IMAGE_ID);
        assertThat(item.getImageId()).isEqualTo(IMAGE_ID);
        assertThat(item.getState()).isEqualTo(dev.cortado.api.cri.v1.ContainerState.CONTAINER_EXITED);
        assertThat(item.getCreatedAt()).isEqualTo(1_000_000_001L);
        assertThat(item.getLabelsMap()).isEqualTo(KUBELET.getLabelsMap());
        assertThat(item.getAnnotationsMap()).isEqualTo(KUBELET.getAnnotationsMap());
    }

    @Test
    void stopSignals_asImagesWriteThem() {
        assertThat(ProtoSignals.of("SIGTERM")).isEqualTo(Signal.SIGNAL_SIGTERM);
        assertThat(ProtoSignals.of("quit")).isEqualTo(Signal.SIGNAL_SIGQUIT);
        assertThat(ProtoSignals.of("9")).isEqualTo(Signal.SIGNAL_SIGKILL);
        assertThat(ProtoSignals.of("SIGRTMAX-2")).isEqualTo(Signal.SIGNAL_SIGRTMAXMINUS2);
        assertThat(ProtoSignals.of("99")).isEqualTo(Signal.SIGNAL_RUNTIME_DEFAULT);
        assertThat(ProtoSignals.of("SIGNOPE")).isEqualTo(Signal.SIGNAL_RUNTIME_DEFAULT);
    }
}

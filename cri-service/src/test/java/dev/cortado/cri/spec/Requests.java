package dev.cortado.cri.spec;

import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.ContainerMetadata;
import dev.cortado.api.cri.v1.ImageSpec;
import dev.cortado.api.cri.v1.LinuxContainerConfig;
import dev.cortado.api.cri.v1.LinuxContainerSecurityContext;
import dev.cortado.api.cri.v1.LinuxPodSandboxConfig;
import dev.cortado.api.cri.v1.PodSandboxConfig;
import dev.cortado.api.cri.v1.PodSandboxMetadata;
import java.util.List;

/** CRI requests shaped as critest and kubelet send them, for spec tests. */
final class Requests {
    static final String CONTAINER_ID = "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00";
    static final String SANDBOX_ID = "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a";
    static final PodFacts POD =
            PodFacts.pinned(SANDBOX_ID, "/run/cortado/ns/" + SANDBOX_ID, "/run/cortado/pods/" + SANDBOX_ID, "web-0");
    static final ImageConfig BUSYBOX = ImageConfig.builder()
            .cmd(List.of("sh"))
            .env(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"))
            .build();

    private Requests() {}

    /** critest's default pod: metadata and an empty linux part. */
    static PodSandboxConfig.Builder pod() {
        return PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder()
                        .setName("web-0")
                        .setUid("0b6e5c6a-uid")
                        .setNamespace("default")
                        .setAttempt(0))
                .setHostname("web-0")
                .setLinux(LinuxPodSandboxConfig.getDefaultInstance());
    }

    /** A container named {@code app} of busybox with an empty linux part. */
    static ContainerConfig.Builder container() {
        return ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName("app"))
                .setImage(ImageSpec.newBuilder().setImage("docker.io/library/busybox:1.36"))
                .setLinux(LinuxContainerConfig.getDefaultInstance());
    }

    /** A container with this security context. */
    static ContainerConfig.Builder container(LinuxContainerSecurityContext.Builder sc) {
        return container().setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(sc));
    }

    static SpecRequest.Builder request(ContainerConfig.Builder c, PodSandboxConfig.Builder p) {
        return SpecRequest.builder(CONTAINER_ID, c.build(), p.build(), POD)
                .image(BUSYBOX, "docker.io/library/busybox:1.36");
    }

    static SpecResult build(ContainerConfig.Builder c) {
        return new OciSpecBuilder(RuntimeOptions.defaults(), new FakeHost())
                .build(request(c, pod()).build());
    }
}

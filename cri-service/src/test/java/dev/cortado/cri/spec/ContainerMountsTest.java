package dev.cortado.cri.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.api.cri.v1.LinuxContainerSecurityContext;
import dev.cortado.api.cri.v1.Mount;
import dev.cortado.api.cri.v1.NamespaceMode;
import dev.cortado.api.cri.v1.NamespaceOption;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ContainerMountsTest {
    @Test
    void podFiles_followTheReadonlyRootfs_shmIsAlwaysWritable() {
        List<Mount> m = ContainerMounts.extra(
                Requests.container(LinuxContainerSecurityContext.newBuilder().setReadonlyRootfs(true))
                        .build(),
                Requests.POD,
                List.of());
        assertThat(m)
                .extracting(Mount::getContainerPath)
                .containsExactly("/etc/hostname", "/etc/hosts", "/etc/resolv.conf", "/dev/shm");
        assertThat(m).extracting(Mount::getReadonly).containsExactly(true, true, true, false);
    }

    @Test
    void hostIpc_mountsTheHostsShm() {
        List<Mount> m = ContainerMounts.extra(
                Requests.container(LinuxContainerSecurityContext.newBuilder()
                                .setNamespaceOptions(
                                        NamespaceOption.newBuilder().setIpc(NamespaceMode.NODE)))
                        .build(),
                Requests.POD,
                List.of());
        assertThat(m)
                .filteredOn(x -> x.getContainerPath().equals("/dev/shm"))
                .singleElement()
                .extracting(Mount::getHostPath)
                .isEqualTo("/dev/shm");
    }

    @Test
    void kubeletsOwnMount_suppressesTheExtra() {
        var c = Requests.container()
                .addMounts(
                        Mount.newBuilder().setContainerPath("/etc/resolv.conf").setHostPath("/x"))
                .build();
        assertThat(ContainerMounts.extra(c, Requests.POD, List.of()))
                .extracting(Mount::getContainerPath)
                .doesNotContain("/etc/resolv.conf");
    }

    @Test
    void imageVolumes_exceptWhereKubeletMounts_orWhenIgnored() {
        ImageConfig image = ImageConfig.builder()
                .cmd(List.of("sh"))
                .volumes(new TreeSet<>(List.of("/data", "cache", "/", "/logs/")))
                .build();
        var c = Requests.container()
                .addMounts(Mount.newBuilder().setContainerPath("/data").setHostPath("/x"))
                .build();
        List<ImageVolume> v = ImageVolumes.of(c, image, "/vols", RuntimeOptions.defaults());
        assertThat(v).extracting(ImageVolume::containerPath).containsExactlyInAnyOrder("/cache", "/logs");
        assertThat(v).allSatisfy(x -> assertThat(x.hostPath()).matches("/vols/[0-9a-f]{32}"));
        assertThat(ImageVolumes.of(
                        c,
                        image,
                        "/vols",
                        RuntimeOptions.builder().ignoreImageDefinedVolumes(true).build()))
                .isEmpty();
        assertThat(ImageVolumes.of(c, image, "", RuntimeOptions.defaults())).isEmpty();
    }

    @Test
    void clean_isGoFilepathClean() {
        assertThat(ContainerMounts.clean("/a//b/./c/../d/")).isEqualTo("/a/b/d");
        assertThat(ContainerMounts.clean("/../..")).isEqualTo("/");
    }
}

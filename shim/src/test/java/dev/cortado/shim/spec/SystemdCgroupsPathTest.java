package dev.cortado.shim.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdCgroupsPathTest {
    @TempDir
    Path bundle;

    private Spec read(String cgroupsPath, boolean systemd) throws Exception {
        Files.writeString(bundle.resolve("config.json"), """
                {"process": {"args": ["sh"], "cwd": "/"}, "root": {"path": "rootfs"},
                 "linux": {"cgroupsPath": "%s"}}""".formatted(cgroupsPath));
        return new SpecReader().read(bundle, systemd);
    }

    @Test
    void systemdForm_isExpandedToTheSliceLayout_withOrWithoutTheOption() throws Exception {
        String expanded =
                "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/cri-containerd-abc.scope";

        assertThat(read("kubepods-burstable-pod1.slice:cri-containerd:abc", true)
                        .linux()
                        .cgroupsPath())
                .isEqualTo(expanded);
        assertThat(read("kubepods-burstable-pod1.slice:cri-containerd:abc", false)
                        .linux()
                        .cgroupsPath())
                .isEqualTo(expanded);
        assertThat(read(":cortado:x", false).linux().cgroupsPath()).isEqualTo("/cortado-x.scope");
    }

    @Test
    void cgroupfsPaths_areKept() throws Exception {
        assertThat(read("/kubepods/burstable/pod1/abc", false).linux().cgroupsPath())
                .isEqualTo("/kubepods/burstable/pod1/abc");
    }

    @Test
    void theSystemdCgroupOption_refusesACgroupfsPath() {
        assertThatThrownBy(() -> read("/default/c1", true))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("SystemdCgroup")
                .hasMessageContaining("/default/c1");
    }

    @Test
    void aBadSliceName_isInvalid() {
        assertThatThrownBy(() -> read("kubepods.notaslice:cri:abc", false))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("kubepods.notaslice");
    }
}

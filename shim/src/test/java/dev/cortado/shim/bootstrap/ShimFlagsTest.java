package dev.cortado.shim.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShimFlagsTest {
    @Test
    void containerdStartCommandLine_isParsed() {
        ShimFlags f = ShimFlags.parse(
                "-namespace",
                "k8s.io",
                "-address",
                "/run/containerd/containerd.sock",
                "-publish-binary",
                "/usr/bin/containerd",
                "-id",
                "abc",
                "-debug",
                "start");

        assertThat(f.namespace()).isEqualTo("k8s.io");
        assertThat(f.address()).isEqualTo("/run/containerd/containerd.sock");
        assertThat(f.publishBinary()).isEqualTo("/usr/bin/containerd");
        assertThat(f.id()).isEqualTo("abc");
        assertThat(f.debug()).isTrue();
        assertThat(f.action()).isEqualTo("start");
    }

    @Test
    void deleteWithBundleAndEqualsSyntax_isParsed() {
        ShimFlags f = ShimFlags.parse("--namespace=default", "-id", "x", "-bundle", "/run/b", "delete");

        assertThat(f.namespace()).isEqualTo("default");
        assertThat(f.bundle()).isEqualTo("/run/b");
        assertThat(f.action()).isEqualTo("delete");
    }

    @Test
    void versionAndInfoFlags_needNoValue() {
        assertThat(ShimFlags.parse("-v").version()).isTrue();
        assertThat(ShimFlags.parse("-info").info()).isTrue();
    }

    @Test
    void unknownFlag_isRefusedAsGoFlagDoes() {
        assertThatThrownBy(() -> ShimFlags.parse("-bogus"))
                .hasMessageContaining("flag provided but not defined: -bogus");
    }
}

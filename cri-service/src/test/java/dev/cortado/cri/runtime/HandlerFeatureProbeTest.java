package dev.cortado.cri.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.cri.config.RuntimeHandlerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HandlerFeatureProbe} against fake OCI runtimes that print a features document, or fail. */
class HandlerFeatureProbeTest {
    private static final String RUNC = "io.containerd.runc.v2";

    @TempDir
    Path dir;

    private Path runtime(String name, String script) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private HandlerFeatureProbe probe(String kernel) {
        return new HandlerFeatureProbe(dir.toString(), () -> kernel, Duration.ofSeconds(2));
    }

    private static String features(String... mountOptions) {
        return "[ \"$1\" = features ] || exit 3; echo '{\"ociVersionMin\":\"1.0.0\",\"mountOptions\":[\"ro\""
                + String.join(
                        "",
                        java.util.Arrays.stream(mountOptions)
                                .map(o -> ",\"" + o + "\"")
                                .toList()) + "]}'";
    }

    @Test
    void runcThatListsRro_onAKernelWithMountSetattr_hasRecursiveReadOnlyMounts() throws Exception {
        runtime("runc", features("rbind", "rro"));
        assertThat(probe("6.1.0-18-amd64").probe("runc", new RuntimeHandlerConfig(RUNC, "", Map.of())))
                .isEqualTo(new HandlerFeatures(true, false));
    }

    @Test
    void rroNeedsTheOptionAndKernel5_12() throws Exception {
        runtime("runc", features("rbind", "rro"));
        runtime("old-runc", features("rbind"));
        RuntimeHandlerConfig runc = new RuntimeHandlerConfig(RUNC, "", Map.of());
        assertThat(probe("5.11.22").probe("runc", runc)).isEqualTo(HandlerFeatures.NONE);
        assertThat(probe("5.12.0").probe("runc", runc).recursiveReadOnlyMounts())
                .isTrue();
        assertThat(probe("6.18.44-fc")
                        .probe("old", new RuntimeHandlerConfig(RUNC, "", Map.of("BinaryName", "old-runc"))))
                .isEqualTo(HandlerFeatures.NONE);
    }

    @Test
    void binaryNameOption_choosesTheRuntimeAsked() throws Exception {
        Path crun = runtime("my-crun", features("rro"));
        assertThat(probe("6.1.0")
                        .probe("crun", new RuntimeHandlerConfig(RUNC, "", Map.of("binary_name", crun.toString())))
                        .recursiveReadOnlyMounts())
                .isTrue();
    }

    @Test
    void aRuntimeThatFailsHangsOrIsMissing_supportsNothing() throws Exception {
        runtime("failing", "exit 1");
        runtime("garbage", "echo '{not json'");
        runtime("hanging", "exec sleep 30");
        HandlerFeatureProbe probe = new HandlerFeatureProbe(dir.toString(), () -> "6.1.0", Duration.ofMillis(300));
        for (String binary : new String[] {"failing", "garbage", "hanging", "absent"}) {
            assertThat(probe.probe(binary, new RuntimeHandlerConfig(RUNC, "", Map.of("BinaryName", binary))))
                    .as(binary)
                    .isEqualTo(HandlerFeatures.NONE);
        }
    }

    @Test
    void cortadosOwnShim_andOtherShims_haveNoOptionalFeature() throws Exception {
        runtime("runc", features("rro"));
        assertThat(probe("6.1.0").probe("cortado", new RuntimeHandlerConfig("io.containerd.cortado.v2", "", Map.of())))
                .isEqualTo(HandlerFeatures.NONE);
        assertThat(probe("6.1.0").probe("kata", new RuntimeHandlerConfig("io.containerd.kata.v2", "", Map.of())))
                .isEqualTo(HandlerFeatures.NONE);
    }

    @Test
    void kernelReleases_compare() {
        int[] v = {5, 12};
        assertThat(HandlerFeatureProbe.kernelAtLeast("5.12", v)).isTrue();
        assertThat(HandlerFeatureProbe.kernelAtLeast("5.4.0-150-generic", v)).isFalse();
        assertThat(HandlerFeatureProbe.kernelAtLeast("6.0.0", v)).isTrue();
        assertThat(HandlerFeatureProbe.kernelAtLeast("4.19.0", v)).isFalse();
        assertThat(HandlerFeatureProbe.kernelAtLeast("", v)).isFalse();
    }
}

package dev.cortado.integration.containerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.Any;
import dev.cortado.api.containerd.runc.v1.Options;
import dev.cortado.api.containerd.types.RuntimeInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The built shim script's {@code -info} as containerd 2.x runs it: runtime options (or nothing)
 * on stdin, a protobuf RuntimeInfo on stdout. Needs the shim built by {@code mvn package}; no root.
 */
class ShimInfoTest {
    private Path shim;

    @BeforeEach
    void needs() {
        shim = ContainerdShimTest.shimScript();
        assumeTrue(Files.isExecutable(shim), "needs the shim script " + shim + " (mvn package builds it)");
    }

    private record Ran(int code, byte[] stdout, String stderr) {}

    private Ran info(byte[] stdin) throws Exception {
        Process p = new ProcessBuilder(shim.toString(), "-info").start();
        try (var in = p.getOutputStream()) {
            in.write(stdin);
        }
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Ran(p.exitValue(), out, err);
    }

    @Test
    void noOptions_printsRuntimeInfoWithFeatures() throws Exception {
        Ran ran = info(new byte[0]);

        assertThat(ran.code()).as(ran.stderr()).isZero();
        RuntimeInfo info = RuntimeInfo.parseFrom(ran.stdout());
        assertThat(info.getName()).isEqualTo("containerd-shim-cortado-v2");
        assertThat(info.hasOptions()).isFalse();
        assertThat(info.getFeatures().getTypeUrl())
                .isEqualTo("types.containerd.io/opencontainers/runtime-spec/1/features/Features");
        assertThat(info.getFeatures().getValue().toStringUtf8())
                .startsWith("{\"ociVersionMin\":\"1.0.0\"")
                .contains("\"nosuid\"")
                .doesNotContain("\"rro\"");
    }

    @Test
    void runcOptions_areEchoed() throws Exception {
        Any options = Any.newBuilder()
                .setTypeUrl("containerd.runc.v1.Options")
                .setValue(Options.newBuilder().setNoNewKeyring(true).build().toByteString())
                .build();

        Ran ran = info(options.toByteArray());

        assertThat(ran.code()).as(ran.stderr()).isZero();
        assertThat(RuntimeInfo.parseFrom(ran.stdout()).getOptions()).isEqualTo(options);
    }

    @Test
    void optionsForRunc_exitWith2AndSayWhy() throws Exception {
        Any options = Any.newBuilder()
                .setTypeUrl("containerd.runc.v1.Options")
                .setValue(Options.newBuilder().setBinaryName("crun").build().toByteString())
                .build();

        Ran ran = info(options.toByteArray());

        assertThat(ran.code()).isEqualTo(2);
        assertThat(ran.stdout()).isEmpty();
        assertThat(ran.stderr()).contains("-info").contains("BinaryName=crun");
    }
}

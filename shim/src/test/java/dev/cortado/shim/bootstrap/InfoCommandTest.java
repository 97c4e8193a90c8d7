package dev.cortado.shim.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import dev.cortado.api.containerd.runc.v1.Options;
import dev.cortado.api.containerd.types.RuntimeInfo;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import org.junit.jupiter.api.Test;

/** {@code -info} as containerd 2.x runs it: options (or nothing) on stdin, RuntimeInfo out. */
class InfoCommandTest {

    @Test
    void emptyStdin_givesNameVersionAndFeatures_noOptions() throws Exception {
        RuntimeInfo info = RuntimeInfo.parseFrom(InfoCommand.run(new byte[0]));

        assertThat(info.getName()).isEqualTo("containerd-shim-cortado-v2");
        assertThat(info.getVersion().getVersion()).isEqualTo(ShimMain.VERSION);
        assertThat(info.getVersion().getRevision()).isEqualTo("cortado");
        assertThat(info.hasOptions()).isFalse();
        assertThat(info.getFeatures().getTypeUrl())
                .isEqualTo("types.containerd.io/opencontainers/runtime-spec/1/features/Features");
        assertThat(info.getFeatures().getValue().toStringUtf8())
                .isEqualTo(OciFeatures.json())
                .contains("\"mountOptions\":[")
                .contains("\"SCMP_ACT_ERRNO\"");
    }

    @Test
    void runcOptionsOnStdin_areEchoed() throws Exception {
        Any options = bare(
                "containerd.runc.v1.Options",
                Options.newBuilder().setSystemdCgroup(true).build());

        RuntimeInfo info = RuntimeInfo.parseFrom(InfoCommand.run(options.toByteArray()));

        assertThat(info.getOptions()).isEqualTo(options);
    }

    @Test
    void optionsCortadoCannotHonour_areRefused() {
        Any options = bare(
                "containerd.runc.v1.Options",
                Options.newBuilder().setBinaryName("crun").build());

        assertThatThrownBy(() -> InfoCommand.run(options.toByteArray()))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("BinaryName")
                .satisfies(e -> assertThat(((CortadoException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
    }

    @Test
    void unknownOptionsType_isRefused() {
        Any options = Any.newBuilder().setTypeUrl("example.Other").build();

        assertThatThrownBy(() -> InfoCommand.run(options.toByteArray()))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("example.Other");
    }

    @Test
    void stdinThatIsNoAny_isRefused() {
        byte[] truncated = {0x0a, 0x05, 'a'};

        assertThatThrownBy(() -> InfoCommand.run(truncated))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("not a protobuf Any");
    }

    /** An Any as containerd's typeurl writes it: the bare message name as type URL. */
    private static Any bare(String type, com.google.protobuf.Message message) {
        return Any.newBuilder()
                .setTypeUrl(type)
                .setValue(message.toByteString())
                .build();
    }
}

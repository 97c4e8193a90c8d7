package dev.cortado.shim.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import dev.cortado.api.containerd.runc.v1.Options;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeOptionsTest {
    private static Any bare(String type, com.google.protobuf.Message m) {
        return Any.newBuilder().setTypeUrl(type).setValue(m.toByteString()).build();
    }

    private static Any generic(String toml) {
        return bare(
                "runtimeoptions.v1.Options",
                dev.cortado.api.containerd.runtimeoptions.v1.Options.newBuilder()
                        .setTypeUrl("io.containerd.cortado.v2.options")
                        .setConfigBody(ByteString.copyFromUtf8(toml))
                        .build());
    }

    private static void assertInvalid(Any any, String... fragments) {
        assertThatThrownBy(() -> RuntimeOptions.parse(any))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContainingAll(fragments);
    }

    @Test
    void noOptionsMeanTheDefaults() {
        assertThat(RuntimeOptions.parse(Optional.empty())).isEqualTo(ShimOptions.DEFAULTS);
        assertThat(RuntimeOptions.parse(Any.getDefaultInstance())).isEqualTo(ShimOptions.DEFAULTS);
        assertThat(ShimOptions.DEFAULTS.hasIoOwner()).isFalse();
    }

    @Test
    void readsRuncOptionsUnderBothTypeUrlForms() {
        Options runc = Options.newBuilder()
                .setIoUid(1000)
                .setIoGid(1001)
                .setShimCgroup("/shims")
                .setSystemdCgroup(true)
                .setNoNewKeyring(true)
                .setCriuImagePath("/ignored")
                .build();
        ShimOptions expected = new ShimOptions(1000, 1001, "/shims", true, true, ShimOptions.Protocol.TTRPC);
        assertThat(RuntimeOptions.parse(bare("containerd.runc.v1.Options", runc)))
                .isEqualTo(expected);
        assertThat(RuntimeOptions.parse(Any.pack(runc))).isEqualTo(expected);
        assertThat(expected.hasIoOwner()).isTrue();
    }

    @Test
    void refusesRuncOptionsThatOnlyRuncCouldHonour() {
        assertInvalid(
                bare(
                        "containerd.runc.v1.Options",
                        Options.newBuilder().setBinaryName("crun").build()),
                "BinaryName=crun",
                "without runc");
        assertInvalid(
                bare(
                        "containerd.runc.v1.Options",
                        Options.newBuilder().setRoot("/run/runc").build()),
                "Root");
        assertInvalid(
                bare(
                        "containerd.runc.v1.Options",
                        Options.newBuilder().setNoPivotRoot(true).build()),
                "NoPivotRoot",
                "pivot_root");
        assertInvalid(
                bare(
                        "containerd.runc.v1.Options",
                        Options.newBuilder().setIoUid(-1).build()),
                "IoUid");
    }

    @Test
    void readsTheCriHandlerTableFromTheConfigBody() {
        ShimOptions o = RuntimeOptions.parse(generic("""
                TypeUrl = "io.containerd.cortado.v2.options"
                ioUid = 1000
                IoGid = 1000
                ShimCgroup = "/system.slice/shims"
                SystemdCgroup = true
                Protocol = "grpc"
                BinaryName = ""
                """));
        assertThat(o)
                .isEqualTo(new ShimOptions(1000, 1000, "/system.slice/shims", true, false, ShimOptions.Protocol.GRPC));
    }

    @Test
    void readsTheFileNamedByConfigPath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cortado-shim.toml");
        Files.writeString(file, "IoUid = 7\nNoNewKeyring = true\n");
        Any any = bare(
                "runtimeoptions.v1.Options",
                dev.cortado.api.containerd.runtimeoptions.v1.Options.newBuilder()
                        .setConfigPath(file.toString())
                        .build());
        assertThat(RuntimeOptions.parse(any))
                .isEqualTo(new ShimOptions(7, 0, "", false, true, ShimOptions.Protocol.TTRPC));
        Files.delete(file);
        assertInvalid(any, file.toString(), "ConfigPath");
    }

    @Test
    void namesWhatIsWrongInTheTable() {
        assertInvalid(generic("IoUidd = 1"), "unknown runtime option IoUidd", "known: IoUid");
        assertInvalid(generic("IoUid = \"1000\""), "IoUid", "an integer");
        assertInvalid(generic("SystemdCgroup = 1"), "SystemdCgroup", "true or false");
        assertInvalid(generic("Protocol = \"quic\""), "Protocol", "quic");
        assertInvalid(generic("BinaryName = \"runc\""), "BinaryName");
        assertInvalid(generic("IoUid = -5"), "IoUid", "negative");
        assertInvalid(generic("IoUid = ["), "not valid TOML");
    }

    @Test
    void refusesOptionsOfAnotherType() {
        assertInvalid(
                Any.pack(com.google.protobuf.StringValue.of("x")), "google.protobuf.StringValue", "not understood");
        assertInvalid(
                Any.newBuilder()
                        .setTypeUrl("containerd.runc.v1.Options")
                        .setValue(ByteString.copyFrom(new byte[] {(byte) 0xff, 0x01}))
                        .build(),
                "unreadable");
    }

    @Test
    void unenforceableLimits_inTheTableOrTheConfigPathFile(@TempDir Path dir) throws Exception {
        assertThat(RuntimeOptions.parse(generic("UnenforceableLimits = \"warn\""))
                        .unenforceableLimits())
                .contains(LimitPolicy.WARN);
        assertThat(RuntimeOptions.parse(generic("unenforceablelimits = \"Refuse\""))
                        .unenforceableLimits())
                .contains(LimitPolicy.REFUSE);
        Path file = dir.resolve("cortado-shim.toml");
        Files.writeString(file, "UnenforceableLimits = \"warn\"\n");
        assertThat(RuntimeOptions.parse(bare(
                                "runtimeoptions.v1.Options",
                                dev.cortado.api.containerd.runtimeoptions.v1.Options.newBuilder()
                                        .setConfigPath(file.toString())
                                        .build()))
                        .unenforceableLimits())
                .contains(LimitPolicy.WARN);
    }

    @Test
    void unenforceableLimits_leftOpenByRuncOptionsAndByNone() {
        // runc's protobuf has no field for it: the node's ShimConfig decides
        assertThat(RuntimeOptions.parse(
                                Any.pack(Options.newBuilder().setIoUid(1).build()))
                        .unenforceableLimits())
                .isEmpty();
        assertThat(RuntimeOptions.parse(generic("IoUid = 1")).unenforceableLimits())
                .isEmpty();
        assertThat(ShimOptions.DEFAULTS.unenforceableLimits()).isEmpty();
    }

    @Test
    void unenforceableLimits_badValueOrType_isNamed() {
        assertInvalid(
                generic("UnenforceableLimits = \"ignore\""),
                "UnenforceableLimits",
                "ignore",
                "\"refuse\" nor \"warn\"");
        assertInvalid(generic("UnenforceableLimits = true"), "UnenforceableLimits", "a string");
    }
}

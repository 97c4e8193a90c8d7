package dev.cortado.cri.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import dev.cortado.cri.linux.NativeFsOps;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code start} and {@code delete} against a fake shim script that records what it got. */
class ShimLauncherTest {
    @TempDir
    Path dir;

    private Path bundle;
    private final ShimLauncher launcher = new ShimLauncher(
            p -> new NativeFsOps().mknod(p, 'p', 0, 0), Duration.ofSeconds(20), Map.of("EXTRA", "yes"));

    @BeforeEach
    void bundle() throws Exception {
        bundle = Files.createDirectories(dir.resolve("bundle"));
    }

    private Path shim(String body) throws Exception {
        Path script = dir.resolve("containerd-shim-fake-v2");
        Files.writeString(script, """
                #!/bin/sh
                out=%s
                printf '%%s\\n' "$@" > "$out/args"
                pwd > "$out/cwd"
                env > "$out/env"
                cat > "$out/stdin"
                %s
                """.formatted(dir, body));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private ShimStartRequest request(Path binary, Optional<TypedValue> options) {
        return new ShimStartRequest(
                binary,
                "k8s.io",
                "c1",
                bundle,
                "/run/cortado/cortado.sock",
                Path.of("/run/cortado/events.sock"),
                options);
    }

    @Test
    void start_runsTheShimAsContainerdDoes_andParsesTheReply() throws Exception {
        Path shim = shim("[ -p log ] || { echo no log fifo >&2; exit 3; }\n"
                + "echo '{\"version\":3,\"address\":\"unix:///run/x/y.sock\",\"protocol\":\"grpc\"}'");
        TypedValue options = new TypedValue("containerd.runc.v1.Options", new byte[] {0x48, 0x01});

        ShimLauncher.Started started = launcher.start(request(shim, Optional.of(options)));

        assertThat(started.reply())
                .isEqualTo(new BootstrapReply(3, Path.of("/run/x/y.sock"), BootstrapReply.Protocol.GRPC));
        assertThat(Files.readAllLines(dir.resolve("args")))
                .containsExactly("-namespace", "k8s.io", "-address", "/run/cortado/cortado.sock", "-id", "c1", "start");
        assertThat(Files.readString(dir.resolve("cwd")).strip()).isEqualTo(bundle.toString());
        assertThat(Files.readAllLines(dir.resolve("env")))
                .contains(
                        "TTRPC_ADDRESS=/run/cortado/events.sock",
                        "GRPC_ADDRESS=/run/cortado/cortado.sock",
                        "NAMESPACE=k8s.io",
                        "MAX_SHIM_VERSION=2",
                        "GOMAXPROCS=2",
                        "EXTRA=yes");
        Any stdin = Any.parseFrom(Files.readAllBytes(dir.resolve("stdin")));
        assertThat(stdin.getTypeUrl()).isEqualTo("containerd.runc.v1.Options");
        assertThat(stdin.getValue().toByteArray()).containsExactly(0x48, 0x01);
        started.log().close();
        assertThat(bundle.resolve("log")).doesNotExist();
    }

    @Test
    void start_withoutOptions_givesEmptyStdin() throws Exception {
        launcher.start(request(shim("echo unix:///run/x/old"), Optional.empty()))
                .log()
                .close();
        assertThat(Files.size(dir.resolve("stdin"))).isZero();
    }

    @Test
    void failingStart_isInternalWithTheShimsStderr_andRemovesTheLogFifo() throws Exception {
        Path shim = shim("echo 'bad options: BinaryName' >&2; exit 2");
        assertThatThrownBy(() -> launcher.start(request(shim, Optional.empty())))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("bad options: BinaryName")
                .hasMessageContaining("exit status 2")
                .hasMessageContaining("k8s.io/c1")
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.INTERNAL);
        assertThat(bundle.resolve("log")).doesNotExist();
    }

    @Test
    void garbageReply_isInvalidArgument_andTheStartedShimIsDeleted() throws Exception {
        Path shim = shim("case \"$*\" in *start) echo hello;; *delete) touch \"$out/deleted\";; esac");
        assertThatThrownBy(() -> launcher.start(request(shim, Optional.empty())))
                .isInstanceOf(CortadoException.class)
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(dir.resolve("deleted")).exists();
        assertThat(bundle.resolve("log")).doesNotExist();
    }

    @Test
    void delete_passesTheBundle_andReadsTheProtobufDeleteResponse() throws Exception {
        // DeleteResponse{pid: 42, exit_status: 137, exited_at: {seconds: 1, nanos: 2}}
        Path shim = shim("printf '\\010\\052\\020\\211\\001\\032\\004\\010\\001\\020\\002'");
        ExitResult r = launcher.delete(request(shim, Optional.empty()));
        assertThat(r).isEqualTo(new ExitResult(42, 137, Instant.ofEpochSecond(1, 2)));
        assertThat(Files.readAllLines(dir.resolve("args")))
                .containsExactly(
                        "-namespace",
                        "k8s.io",
                        "-address",
                        "/run/cortado/cortado.sock",
                        "-id",
                        "c1",
                        "-bundle",
                        bundle.toString(),
                        "delete");
    }

    @Test
    void missingBinary_isFailedPrecondition() {
        assertThatThrownBy(() -> launcher.delete(request(dir.resolve("absent"), Optional.empty())))
                .isInstanceOf(CortadoException.class)
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.FAILED_PRECONDITION);
    }

    @Test
    void hangingShim_isDeadlineExceeded() throws Exception {
        ShimLauncher quick =
                new ShimLauncher(p -> new NativeFsOps().mknod(p, 'p', 0, 0), Duration.ofMillis(300), Map.of());
        Path shim = shim("exec sleep 30");
        assertThatThrownBy(() -> quick.delete(request(shim, Optional.empty())))
                .isInstanceOf(CortadoException.class)
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.DEADLINE_EXCEEDED);
    }
}

package dev.cortado.shim.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.shim.process.ContainerIo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogBinaryTest {
    @TempDir
    Path dir;

    /** A logging binary that records its args and env, copies fd 3 and fd 4 to the end (ignoring SIGTERM), and signals ready by closing fd 5. */
    private Path logger() throws IOException {
        Path script = dir.resolve("logger.sh");
        Files.writeString(script, """
                #!/bin/sh
                trap '' TERM
                out="$(dirname "$0")"
                echo "$@" > "$out/args"
                /usr/bin/env > "$out/env"
                exec 5>&-
                cat <&4 > "$out/stderr.part" &
                cat <&3 > "$out/stdout.part"
                wait
                mv "$out/stdout.part" "$out/stdout"
                mv "$out/stderr.part" "$out/stderr"
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    @Test
    void binaryUri_getsTheContainersStdoutOnFd3AndStderrOnFd4() throws Exception {
        String uri = "binary://" + logger() + "?mode=json&tag=web%20app";
        ContainerIo io = ContainerIo.of(new ByteArrayOutputStream(),
                new ByteArrayInputStream("out line\n".getBytes(StandardCharsets.UTF_8)),
                new ByteArrayInputStream("err line\n".getBytes(StandardCharsets.UTF_8)));
        StdioCopier copier = StdioCopier.start("t", io, new StdioPaths("", uri, uri, false), () -> { },
                u -> LogBinary.start(u, "ctr1", "k8s.io", dir.resolve("state")));
        assertThat(copier.awaitOutput(60_000)).isTrue();
        copier.close();

        assertThat(Files.readString(dir.resolve("stdout"))).isEqualTo("out line\n");
        assertThat(Files.readString(dir.resolve("stderr"))).isEqualTo("err line\n");
        assertThat(Files.readString(dir.resolve("args"))).isEqualTo("mode json tag web app\n");
        assertThat(Files.readAllLines(dir.resolve("env"))).contains("CONTAINER_ID=ctr1", "CONTAINER_NAMESPACE=k8s.io")
                .noneMatch(l -> l.startsWith("HOME=") || l.startsWith("JAVA_HOME=") || l.startsWith("USER="));
        assertThat(Files.list(dir.resolve("state"))).isEmpty();
    }

    @Test
    void close_endsABinaryThatIgnoresEndOfInput() throws Exception {
        Path script = dir.resolve("stubborn.sh");
        Files.writeString(script, "#!/bin/sh\nexec 5>&-\nwhile :; do sleep 1; done\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        LogBinary binary = LogBinary.start("binary://" + script, "c", "default", dir);
        ProcessHandle handle = ProcessHandle.of(binary.pid()).orElseThrow();

        binary.close();

        assertThat(handle.isAlive()).isFalse();
    }

    @Test
    void binaryThatCannotRun_failsPrecondition() {
        assertThatThrownBy(() -> LogBinary.start("binary://" + dir.resolve("missing"), "c", "default", dir))
                .isInstanceOf(CortadoException.class).hasMessageContaining("logging binary");
    }

    @Test
    void query_becomesKeyValueArgumentsInOrder() {
        assertThat(LogUri.queryArgs("a=1&flag&b=x%2Fy")).containsExactly("a", "1", "flag", "b", "x/y");
        assertThat(LogUri.queryArgs(null)).isEmpty();
    }
}

package dev.cortado.shim.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.shim.bootstrap.SyscallFifoWriters;
import dev.cortado.shim.linux.LibcSyscalls;
import dev.cortado.shim.process.ContainerIo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogBinaryTest {
    @TempDir
    Path dir;

    @Test
    void binaryUri_getsTheContainersStdoutOnFd3AndStderrOnFd4() throws Exception {
        String uri = "binary://" + TestLogger.write(dir) + "?mode=json&tag=web%20app";
        ContainerIo io = ContainerIo.of(
                new ByteArrayOutputStream(),
                new ByteArrayInputStream("out line\n".getBytes(StandardCharsets.UTF_8)),
                new ByteArrayInputStream("err line\n".getBytes(StandardCharsets.UTF_8)));
        LogSinks logs = new LogSinks(new SyscallFifoWriters(new LibcSyscalls()), dir.resolve("fifo"));
        StdioCopier copier = StdioCopier.start(
                "t",
                io,
                new StdioPaths("", uri, uri, false),
                () -> {},
                u -> logs.open(u, "ctr1", "k8s.io", dir.resolve("state")));
        assertThat(copier.awaitOutput(60_000)).isTrue();
        copier.close();

        assertThat(Files.readString(dir.resolve("stdout"))).isEqualTo("out line\n");
        assertThat(Files.readString(dir.resolve("stderr"))).isEqualTo("err line\n");
        assertThat(Files.readString(dir.resolve("args"))).isEqualTo("mode json tag web app\n");
        assertThat(Files.readAllLines(dir.resolve("env")))
                .contains("CONTAINER_ID=ctr1", "CONTAINER_NAMESPACE=k8s.io")
                .noneMatch(l -> l.startsWith("HOME=") || l.startsWith("JAVA_HOME=") || l.startsWith("USER="));
        assertThat(Files.list(dir.resolve("state"))).isEmpty();
        assertThat(dir.resolve("fifo")).doesNotExist(); // only attachablebinary:// makes attach fifos
    }

    @Test
    void close_endsABinaryThatIgnoresEndOfInput() throws Exception {
        Path script = dir.resolve("stubborn.sh");
        Files.writeString(script, "#!/bin/sh\nexec 5>&-\nwhile :; do sleep 1; done\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        LogBinary binary = start("binary://" + script);
        ProcessHandle handle = ProcessHandle.of(binary.pid()).orElseThrow();

        binary.close();

        assertThat(handle.isAlive()).isFalse();
    }

    @Test
    void binaryThatCannotRun_failsPrecondition() {
        assertThatThrownBy(() -> start("binary://" + dir.resolve("missing")))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("logging binary");
    }

    @Test
    void query_becomesKeyValueArgumentsInOrder() {
        assertThat(LogUri.queryArgs("a=1&flag&b=x%2Fy")).containsExactly("a", "1", "flag", "b", "x/y");
        assertThat(LogUri.queryArgs(null)).isEmpty();
    }

    private LogBinary start(String uri) {
        return LogBinaryLauncher.start(
                LogUri.parse(uri),
                "c",
                "default",
                dir,
                new dev.cortado.shim.bootstrap.SyscallFifoWriters(new dev.cortado.shim.linux.LibcSyscalls()));
    }
}

package dev.cortado.shim.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.cortado.shim.bootstrap.SyscallFifoWriters;
import dev.cortado.shim.linux.LibcSyscalls;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stdio fifo outlives its reader: what is written while cortado is away waits in the pipe. */
class StdioTargetTest {
    @TempDir
    Path tmp;

    @Test
    void fifoOutput_opensWithoutAReader_andSurvivesTheReaderLeavingAndComingBack() throws Exception {
        Path fifo = tmp.resolve("stdout");
        Fifos.make(new SyscallFifoWriters(new LibcSyscalls()), fifo, "rw-------");

        OutputStream out =
                assertTimeoutPreemptively(Duration.ofSeconds(5), () -> StdioTarget.openOutput(fifo.toString()));
        try (out) {
            out.write("one\n".getBytes(StandardCharsets.UTF_8));
            try (InputStream reader = new FileInputStream(fifo.toFile())) {
                assertThat(new String(read(reader, 4), StandardCharsets.UTF_8)).isEqualTo("one\n");
            }
            // the reader is gone (cortado killed): a write-only open would get EPIPE here
            out.write("two\n".getBytes(StandardCharsets.UTF_8));
            out.write("three\n".getBytes(StandardCharsets.UTF_8));
            try (InputStream reader = new FileInputStream(fifo.toFile())) {
                assertThat(new String(read(reader, 10), StandardCharsets.UTF_8)).isEqualTo("two\nthree\n");
            }
        }
    }

    /** Exactly n bytes with plain read(2)s (FileInputStream.readNBytes seeks, which a fifo refuses). */
    private static byte[] read(InputStream in, int n) throws java.io.IOException {
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            int r = in.read(b, off, n - off);
            if (r < 0) {
                throw new java.io.EOFException("after " + off + " bytes");
            }
            off += r;
        }
        return b;
    }

    @Test
    void plainFile_isAppendedTo() throws Exception {
        Path file = tmp.resolve("log.txt");
        try (OutputStream out = StdioTarget.openOutput("file://" + file)) {
            out.write('a');
        }
        try (OutputStream out = StdioTarget.openOutput("file://" + file)) {
            out.write('b');
        }
        assertThat(java.nio.file.Files.readString(file)).isEqualTo("ab");
    }
}

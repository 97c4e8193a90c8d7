package dev.cortado.integration.jmh;

import dev.cortado.cri.linux.NativeFifos;
import dev.cortado.cri.logs.ContainerIo.LogCopier;
import dev.cortado.cri.logs.FifoContainerIo;
import dev.cortado.shim.linux.LibcSyscalls;
import dev.cortado.shim.loop.IoLoop;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The CRI log writer as a container's output reaches it: {@link FifoContainerIo#copyToLog} reads
 * 4 MiB of lines from each of stdout and stderr, written into real fifos by two threads, on its
 * shared event loop (as in the daemon) and writes
 * {@code <RFC3339Nano> <stream> <P|F> <line>} records to a log file in a temp dir, with the
 * containerd default of 16 KiB per record: lines of 80 B, of exactly 16 KiB (one F each), and of
 * 40,000 B (two P records and an F). Each operation is one copy to a fresh file, start to drained.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LogWriterBenchmark {
    static final int STREAM_BYTES = 4 << 20;
    static final int MAX_LINE = FifoContainerIo.DEFAULT_MAX_LINE_BYTES;

    /** Bytes of each line, its newline included. */
    @Param({"80", "16385", "40000"})
    public int lineBytes;

    private Path dir;
    private LibcSyscalls sys;
    private IoLoop loop;
    private byte[] outText;
    private byte[] errText;
    private FifoContainerIo io;
    private int copies;
    int lines;
    Path lastLog;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("jmh-logs-");
        lines = STREAM_BYTES / lineBytes;
        outText = text('o');
        errText = text('e');
        sys = new LibcSyscalls();
        loop = IoLoop.start(sys, "jmh-log-io");
        io = new FifoContainerIo(new NativeFifos(), loop, Clock.systemDefaultZone(), MAX_LINE);
    }

    /** {@code lines} lines of printable text, each ending in a newline. */
    private byte[] text(char stream) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(lines * lineBytes);
        for (int i = 0; i < lines; i++) {
            String head = stream + Integer.toString(i) + ' ';
            for (int j = 0; j < lineBytes - 1; j++) {
                out.write(j < head.length() ? head.charAt(j) : 'a' + (i + j) % 26);
            }
            out.write('\n');
        }
        return out.toByteArray();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        loop.close();
        Trees.delete(dir);
    }

    /** One container's two streams copied into a fresh log file; returns the file. */
    @Benchmark
    public Path copy(Bytes bytes) throws IOException {
        if (lastLog != null) {
            Files.delete(lastLog);
        }
        Path run = Files.createDirectories(dir.resolve("run/" + copies));
        Path log = dir.resolve("pod/ctr/" + copies++ + ".log");
        Path stdout = run.resolve("stdout.fifo");
        Path stderr = run.resolve("stderr.fifo");
        sys.mkfifo(stdout.toString(), 0600);
        sys.mkfifo(stderr.toString(), 0600);
        try (LogCopier copier = io.copyToLog("jmh-logs", stdout, Optional.of(stderr), Optional.of(log))) {
            CompletableFuture<Void> out = CompletableFuture.runAsync(() -> write(stdout, outText));
            CompletableFuture<Void> err = CompletableFuture.runAsync(() -> write(stderr, errText));
            CompletableFuture.allOf(out, err).join();
            if (!copier.awaitDrained(Duration.ofMinutes(1))) {
                throw new IllegalStateException("log copy did not drain within a minute");
            }
        }
        Trees.delete(run);
        lastLog = log;
        bytes.add(2L * lines * lineBytes);
        return log;
    }

    /** The container's side: opens the fifo (its reader is there), writes everything, leaves. */
    private static void write(Path fifo, byte[] data) {
        try (OutputStream out = Files.newOutputStream(fifo)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

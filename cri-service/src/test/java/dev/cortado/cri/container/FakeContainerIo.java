package dev.cortado.cri.container;

import dev.cortado.cri.logs.ContainerIo;
import dev.cortado.cri.logs.Fifos;
import dev.cortado.cri.logs.OutputFanout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Log copiers that record what they were asked; exec capture answers what the test put per stream. */
final class FakeContainerIo implements ContainerIo {
    final List<Copier> copiers = new CopyOnWriteArrayList<>();
    final Map<String, Captured> outputs = new ConcurrentHashMap<>();
    final List<Path> captured = new CopyOnWriteArrayList<>();
    final List<Stdin> stdins = new CopyOnWriteArrayList<>();
    volatile RuntimeException copyFailure;

    @Override
    public LogCopier copyToLog(String containerId, Path stdoutFifo, Optional<Path> stderrFifo, Optional<Path> logFile) {
        if (copyFailure != null) {
            throw copyFailure;
        }
        Copier c = new Copier(containerId, stdoutFifo, stderrFifo, logFile);
        copiers.add(c);
        return c;
    }

    @Override
    public CompletableFuture<Captured> capture(Path fifo, int maxBytes) {
        captured.add(fifo);
        String stream = fifo.getFileName().toString().endsWith("-stdout") ? "stdout" : "stderr";
        return CompletableFuture.completedFuture(outputs.getOrDefault(stream, new Captured(new byte[0], false)));
    }

    @Override
    public Fifos.FifoSink openStdin(String containerId, Path stdinFifo) {
        Stdin s = new Stdin(containerId, stdinFifo);
        stdins.add(s);
        return s;
    }

    Copier last(String containerId) {
        return copiers.stream()
                .filter(c -> c.containerId.equals(containerId))
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    /** One recorded log copy. */
    static final class Copier implements LogCopier {
        final String containerId;
        final Path stdout;
        final Optional<Path> stderr;
        final Optional<Path> log;
        final AtomicInteger reopened = new AtomicInteger();
        final AtomicInteger drained = new AtomicInteger();
        final OutputFanout stdoutFanout;
        final Optional<OutputFanout> stderrFanout;
        volatile boolean closed;

        Copier(String containerId, Path stdout, Optional<Path> stderr, Optional<Path> log) {
            this.containerId = containerId;
            this.stdout = stdout;
            this.stderr = stderr;
            this.log = log;
            this.stdoutFanout = new OutputFanout(containerId + " stdout", OutputFanout.DEFAULT_CAPACITY);
            this.stderrFanout =
                    stderr.map(p -> new OutputFanout(containerId + " stderr", OutputFanout.DEFAULT_CAPACITY));
        }

        @Override
        public OutputFanout stdout() {
            return stdoutFanout;
        }

        @Override
        public Optional<OutputFanout> stderr() {
            return stderrFanout;
        }

        @Override
        public void reopen() {
            reopened.incrementAndGet();
        }

        @Override
        public boolean awaitDrained(Duration timeout) {
            drained.incrementAndGet();
            return true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A recorded stdin write end: what was written, and whether it was closed. */
    static final class Stdin implements Fifos.FifoSink {
        final String containerId;
        final Path fifo;
        final java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();
        volatile boolean closed;

        Stdin(String containerId, Path fifo) {
            this.containerId = containerId;
            this.fifo = fifo;
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            if (closed) {
                throw new java.io.IOException("closed");
            }
            written.write(buf, off, len);
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}

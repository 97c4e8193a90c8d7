package dev.cortado.cri.logs;

import dev.cortado.cri.logs.Fifos.FifoStream;
import dev.cortado.errors.CortadoException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * {@link ContainerIo} over real fifos: a thread per fifo (see {@link FifoLogCopier}) reading
 * through {@link Fifos}, which never blocks on open nor takes a missing writer for EOF.
 */
public final class FifoContainerIo implements ContainerIo {
    /** containerd's {@code max_container_log_line_size} default. */
    public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024;

    private final Fifos fifos;
    private final Clock clock;
    private final int maxLineBytes;

    /**
     * {@code clock} stamps records in its zone (containerd writes local time:
     * {@code Clock.systemDefaultZone()}); {@code maxLineBytes} is where lines split into P records.
     */
    public FifoContainerIo(Fifos fifos, Clock clock, int maxLineBytes) {
        if (maxLineBytes <= 0) {
            throw CortadoException.invalidArgument("max log line size must be positive, not %d", maxLineBytes);
        }
        this.fifos = fifos;
        this.clock = clock;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public LogCopier copyToLog(String containerId, Path stdoutFifo, Optional<Path> stderrFifo, Optional<Path> logFile) {
        LogFile file = LogFile.open(containerId, logFile);
        List<FifoStream> opened = new ArrayList<>();
        try {
            opened.add(open(containerId, stdoutFifo));
            if (stderrFifo.isPresent()) {
                opened.add(open(containerId, stderrFifo.get()));
            }
        } catch (RuntimeException e) {
            opened.forEach(FifoStream::close);
            file.close();
            throw e;
        }
        CountDownLatch drained = new CountDownLatch(opened.size());
        List<Thread> threads = new ArrayList<>();
        List<OutputFanout> outputs = new ArrayList<>();
        for (int i = 0; i < opened.size(); i++) {
            String stream = i == 0 ? "stdout" : "stderr";
            OutputFanout fanout = new OutputFanout(containerId + " " + stream, OutputFanout.DEFAULT_CAPACITY);
            outputs.add(fanout);
            LogPump pump = new LogPump(containerId, stream, opened.get(i), maxLineBytes, file, clock, drained, fanout);
            threads.add(thread("cri-log-" + shortId(containerId) + "-" + stream, pump));
        }
        FifoLogCopier copier = new FifoLogCopier(containerId, opened, threads, file, drained, outputs);
        copier.start();
        return copier;
    }

    @Override
    public CompletableFuture<Captured> capture(Path fifo, int maxBytes) {
        if (maxBytes < 0) {
            throw CortadoException.invalidArgument("capture limit must not be negative, not %d", maxBytes);
        }
        FifoStream stream = open("exec", fifo);
        FifoCapture capture = new FifoCapture(fifo, stream, maxBytes);
        thread("cri-capture-" + fifo.getFileName(), capture).start();
        return capture.result();
    }

    @Override
    public Fifos.FifoSink openStdin(String containerId, Path stdinFifo) {
        try {
            return fifos.openForWriting(stdinFifo);
        } catch (IOException e) {
            throw CortadoException.internal(
                    "cannot open stdin fifo " + stdinFifo + " of " + containerId + ": " + e.getMessage(), e);
        }
    }

    private FifoStream open(String owner, Path fifo) {
        try {
            return fifos.openForReading(fifo);
        } catch (IOException e) {
            throw CortadoException.internal("cannot open fifo " + fifo + " of " + owner + ": " + e.getMessage(), e);
        }
    }

    private static Thread thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}

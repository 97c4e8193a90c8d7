package dev.cortado.cri.logs;

import dev.cortado.cri.logs.Fifos.FifoStream;
import dev.cortado.errors.CortadoException;
import dev.cortado.shim.loop.FifoSource;
import dev.cortado.shim.loop.IoLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * {@link ContainerIo} over real fifos: every container's log copy on one shared event loop
 * ({@link FifoLogCopier}, {@link FifoSource}), which never blocks on open nor takes a missing
 * writer for EOF; ExecSync captures and stdin through {@link Fifos}.
 */
public final class FifoContainerIo implements ContainerIo {
    /** containerd's {@code max_container_log_line_size} default. */
    public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024;

    private final Fifos fifos;
    private final IoLoop loop;
    private final Clock clock;
    private final int maxLineBytes;
    /** The read buffer of every log copy: used on the loop thread only, one read at a time. */
    private final byte[] readBuffer = new byte[LogPump.READ_SIZE];
    /** The record batch of every log copy, as {@link #readBuffer}. */
    private final byte[] batch;

    /**
     * {@code loop} runs every log copy; {@code clock} stamps records in its zone (containerd
     * writes local time: {@code Clock.systemDefaultZone()}); {@code maxLineBytes} is where lines
     * split into P records.
     */
    public FifoContainerIo(Fifos fifos, IoLoop loop, Clock clock, int maxLineBytes) {
        if (maxLineBytes <= 0) {
            throw CortadoException.invalidArgument("max log line size must be positive, not %d", maxLineBytes);
        }
        this.fifos = fifos;
        this.loop = loop;
        this.clock = clock;
        this.maxLineBytes = maxLineBytes;
        this.batch = new byte[LogPump.batchSize(maxLineBytes)];
    }

    @Override
    public LogCopier copyToLog(String containerId, Path stdoutFifo, Optional<Path> stderrFifo, Optional<Path> logFile) {
        LogFile file = LogFile.open(containerId, logFile);
        List<Path> paths = new ArrayList<>();
        paths.add(stdoutFifo);
        stderrFifo.ifPresent(paths::add);
        CountDownLatch drained = new CountDownLatch(paths.size());
        List<FifoSource> sources = new ArrayList<>();
        List<OutputFanout> outputs = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            String stream = i == 0 ? "stdout" : "stderr";
            OutputFanout fanout = new OutputFanout(containerId + " " + stream, OutputFanout.DEFAULT_CAPACITY);
            LogPump pump = new LogPump(stream, maxLineBytes, file, clock, drained, fanout, batch);
            try {
                sources.add(FifoSource.start(loop, paths.get(i).toString(), readBuffer, pump));
            } catch (CortadoException e) {
                sources.forEach(FifoSource::stop);
                sources.forEach(s -> s.done().join());
                file.close();
                throw CortadoException.internal(
                        "cannot open fifo " + paths.get(i) + " of " + containerId + ": " + e.getMessage(), e);
            }
            outputs.add(fanout);
        }
        return new FifoLogCopier(containerId, sources, file, drained, outputs);
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
}

package dev.cortado.cri.logs;

import dev.cortado.cri.logs.ContainerIo.LogCopier;
import dev.cortado.cri.logs.Fifos.FifoStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's running log copy: one {@link LogPump} thread per fifo (two for a container,
 * one for a TTY) into one {@link LogFile}. A thread per fifo costs a small stack per stream
 * and keeps each pump a plain blocking loop; one epoll thread for every fifo would save the
 * threads but would have to hand records to the file without blocking the others, which needs
 * a queue per stream and its bound. Kept simple for now. Attachers get each stream's reads
 * through its {@link OutputFanout}.
 */
final class FifoLogCopier implements LogCopier {
    private static final Logger LOG = LoggerFactory.getLogger(FifoLogCopier.class);
    private static final Duration JOIN = Duration.ofSeconds(10);

    private final String containerId;
    private final List<FifoStream> fifos;
    private final List<Thread> threads;
    private final LogFile file;
    private final CountDownLatch drained;
    private final List<OutputFanout> outputs;

    FifoLogCopier(
            String containerId,
            List<FifoStream> fifos,
            List<Thread> threads,
            LogFile file,
            CountDownLatch drained,
            List<OutputFanout> outputs) {
        this.containerId = containerId;
        this.fifos = List.copyOf(fifos);
        this.threads = List.copyOf(threads);
        this.file = file;
        this.drained = drained;
        this.outputs = List.copyOf(outputs);
    }

    void start() {
        threads.forEach(Thread::start);
    }

    @Override
    public void reopen() {
        file.reopen();
    }

    @Override
    public OutputFanout stdout() {
        return outputs.get(0);
    }

    @Override
    public Optional<OutputFanout> stderr() {
        return outputs.size() > 1 ? Optional.of(outputs.get(1)) : Optional.empty();
    }

    @Override
    public void taskExited() {
        fifos.forEach(FifoStream::writersGone);
    }

    @Override
    public boolean awaitDrained(Duration timeout) {
        try {
            return drained.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Wakes the pumps, waits for them to write what they read, then closes the file. Idempotent. */
    @Override
    public void close() {
        fifos.forEach(FifoStream::wake);
        long deadline = System.nanoTime() + JOIN.toNanos();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (t.isAlive()) {
                LOG.warn(
                        "log pump {} of container {} still writing after {}; closing its file anyway",
                        t.getName(),
                        containerId,
                        JOIN);
            }
        }
        file.close();
    }
}

package dev.cortado.cri.logs;

import dev.cortado.cri.logs.ContainerIo.LogCopier;
import dev.cortado.shim.loop.FifoSource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's running log copy: a {@link FifoSource} per fifo (two for a container, one for a
 * TTY) on the shared event loop, each read by its {@link LogPump} into one {@link LogFile}. No
 * thread is the container's own: one epoll thread serves every container's streams, so a node's
 * thread count and stacks do not grow with its containers. Attachers get each stream's reads
 * through its {@link OutputFanout}.
 */
final class FifoLogCopier implements LogCopier {
    private static final Logger LOG = LoggerFactory.getLogger(FifoLogCopier.class);
    private static final Duration STOP = Duration.ofSeconds(10);

    private final String containerId;
    private final List<FifoSource> sources;
    private final LogFile file;
    private final CountDownLatch drained;
    private final List<OutputFanout> outputs;

    FifoLogCopier(
            String containerId,
            List<FifoSource> sources,
            LogFile file,
            CountDownLatch drained,
            List<OutputFanout> outputs) {
        this.containerId = containerId;
        this.sources = List.copyOf(sources);
        this.file = file;
        this.drained = drained;
        this.outputs = List.copyOf(outputs);
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
        sources.forEach(FifoSource::writersGone);
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

    /**
     * Stops the sources (a read in progress is written first, an unfinished line goes out as
     * {@code P}), waits for the loop to have done so, then closes the file. Idempotent.
     */
    @Override
    public void close() {
        sources.forEach(FifoSource::stop);
        CompletableFuture<?>[] done = sources.stream().map(FifoSource::done).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(done).get(STOP.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("log copy of container {} did not stop within {}; closing its file anyway", containerId, STOP);
        }
        file.close();
    }
}

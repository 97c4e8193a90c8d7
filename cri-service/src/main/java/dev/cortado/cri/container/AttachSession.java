package dev.cortado.cri.container;

import dev.cortado.cri.logs.ContainerIo.LogCopier;
import dev.cortado.cri.logs.Fifos.FifoSink;
import dev.cortado.cri.logs.OutputFanout;
import dev.cortado.cri.runtime.Tasks;
import dev.cortado.cri.streaming.ProcessStreams;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attach to a running container, as containerd's CRI {@code ContainerIO.Attach}: the client
 * gets the container's output from now on through its own bounded queue per stream (an
 * {@link AttachPump} each), its stdin goes to the container's stdin fifo (only for a container
 * created with {@code stdin}; otherwise it is read and dropped, as containerd ignores it), and a
 * TTY's resizes go to the task as ResizePty. The client's stdin EOF detaches it, except with
 * {@code stdin_once} and no TTY: then the container's stdin is closed for good (its write end and
 * CloseIO, so the shim's end too) and the output goes on until the container ends. Detaching
 * leaves nothing behind: the queues leave the fan-out, the threads end.
 */
final class AttachSession implements AttachPump.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(AttachSession.class);
    private static final long JOIN_MILLIS = 2000;

    private final Tasks tasks;
    private final LogCopiers copiers;
    private final Container c;
    private final String name;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicInteger outputsLeft = new AtomicInteger();
    private final List<AttachPump> pumps = new ArrayList<>();
    private volatile boolean over;

    AttachSession(Tasks tasks, LogCopiers copiers, Container c) {
        this.tasks = tasks;
        this.copiers = copiers;
        this.c = c;
        this.name = "attach-" + c.id().substring(0, Math.min(12, c.id().length()));
    }

    void run(ProcessStreams streams) throws InterruptedException {
        LogCopier copier = copiers.get(c.id())
                .orElseThrow(() -> CortadoException.failedPrecondition(
                        "container %s has no running output copy to attach to", c.id()));
        // stdout is always subscribed: its end says that the container's output is over
        pumps.add(pump(copier.stdout(), streams.stdout(), "stdout"));
        Optional<OutputFanout> stderr = copier.stderr();
        if (stderr.isPresent() && streams.stderr().isPresent()) {
            pumps.add(pump(stderr.get(), streams.stderr(), "stderr"));
        }
        outputsLeft.set(pumps.size());
        Thread stdin = null;
        try {
            streams.onCancel(finished::countDown);
            if (streams.tty()) {
                streams.onResize(size -> resize(size.width(), size.height()));
            }
            pumps.forEach(AttachPump::start);
            if (streams.stdin().isPresent()) {
                InputStream client = streams.stdin().get();
                boolean stdinOnce = c.config().getStdinOnce() && !streams.tty();
                stdin = new Thread(() -> copyStdin(client, stdinOnce), name + "-stdin");
                stdin.setDaemon(true);
                stdin.start();
            }
            finished.await();
        } finally {
            over = true;
            pumps.forEach(AttachPump::detach);
            if (stdin != null) {
                stdin.interrupt(); // a read from the client or a write into a full stdin fifo ends
            }
            for (AttachPump p : pumps) {
                p.join(JOIN_MILLIS);
            }
        }
    }

    private AttachPump pump(OutputFanout fanout, Optional<OutputStream> client, String stream) {
        return new AttachPump(fanout.subscribe(), client, name + "-" + stream, this);
    }

    @Override
    public void ended(AttachPump pump, AttachPump.End how) {
        switch (how) {
            case OUTPUT_OVER -> {
                if (outputsLeft.decrementAndGet() == 0) {
                    finished.countDown();
                }
            }
            case DROPPED -> {
                LOG.info("container {}: an attached client fell behind its output and was detached", c.id());
                finished.countDown();
            }
            case CLIENT_GONE -> finished.countDown();
            case DETACHED -> {}
        }
    }

    /** containerd's stdin goroutine of {@code ContainerIO.Attach}, writing into the held fifo end. */
    private void copyStdin(InputStream client, boolean stdinOnce) {
        Optional<FifoSink> sink = copiers.stdin(c.id());
        boolean containerHasStdin = sink.isPresent();
        byte[] buf = new byte[32 * 1024];
        try {
            int n;
            while ((n = client.read(buf)) >= 0) {
                if (sink.isPresent()) {
                    try {
                        sink.get().write(buf, 0, n);
                    } catch (InterruptedIOException e) {
                        return;
                    } catch (IOException e) {
                        // closed meanwhile (stdin_once by another attacher, or the container's end): drop the rest
                        LOG.debug("{}: stdin of container {} closed: {}", name, c.id(), e.toString());
                        sink = Optional.empty();
                    }
                }
            }
        } catch (IOException e) {
            return; // the session is ending
        }
        if (!containerHasStdin || over) {
            return; // containerd copies nothing, so the client's EOF changes nothing
        }
        if (stdinOnce) {
            copiers.closeStdin(c.id());
            closeIo();
        } else {
            finished.countDown();
        }
    }

    /** CloseIO on the init process, so the shim closes its own end too (runc's shim keeps one until then). */
    private void closeIo() {
        try {
            tasks.closeStdin(c.id(), "");
        } catch (CortadoException e) {
            if (e.kind() != ErrorKind.NOT_FOUND) {
                LOG.warn("container {}: CloseIO of its stdin failed: {}", c.id(), e.getMessage());
            }
        }
    }

    private void resize(int width, int height) {
        if (over) {
            return;
        }
        try {
            tasks.resizePty(c.id(), "", width, height);
        } catch (RuntimeException e) {
            LOG.debug("container {}: resize of its terminal failed: {}", c.id(), e.toString());
        }
    }
}

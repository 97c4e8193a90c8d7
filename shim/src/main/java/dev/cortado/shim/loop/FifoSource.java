package dev.cortado.shim.loop;

import dev.cortado.errors.CortadoException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the read end of a fifo on the {@link IoLoop} and hands each read to a {@link Reader} on
 * the loop thread; reads again only after the reader returned, so a slow reader fills the pipe
 * and holds the writer back instead of growing memory. No thread waits, whatever the number of
 * fifos.
 *
 * <p>The fifo is opened {@code O_NONBLOCK}, so the open never waits for a writer, and "no
 * writer yet" is kept apart from end of file: on an empty fifo with no writer, {@code read(2)}
 * returns 0 whether a writer never came or has gone, while with a writer it fails
 * {@code EAGAIN}; and Linux reports {@code EPOLLHUP} only when a writer came at or after this
 * open and none is left ({@code fs/pipe.c}, {@code pipe_poll}). So 0 is end of file only once a
 * writer was seen (a hangup, {@code EAGAIN} while it was there, or data it left), or once the
 * owner said with {@link #writersGone} that none will come (a writer that left before this open
 * with nothing in the pipe looks exactly like one still to come).
 */
public final class FifoSource {
    private static final Logger LOG = LoggerFactory.getLogger(FifoSource.class);
    private static final int O_NONBLOCK = 04000;
    /** With cortado's 64 KiB buffer, 16 reads drain the largest pipe an unprivileged writer may have (1 MiB). */
    private static final int READS_PER_TURN = 16;

    /** Gets the reads; called on the loop thread only, so it must never block. */
    public interface Reader {
        /** {@code buf[0, length)} was read; the buffer is reused once this returns. */
        void read(byte[] buf, int length);

        /** The fifo ended: at end of file ({@code eof}), or stopped or failed before it. Called once. */
        void end(boolean eof);
    }

    private final IoLoop loop;
    private final String path;
    private final int fd;
    private final byte[] buffer;
    private final Reader reader;
    private final IoLoop.Registration registration;
    private final CompletableFuture<Boolean> done = new CompletableFuture<>();
    /** Loop thread only. */
    private boolean writerSeen;
    /** Loop thread only. */
    private boolean writersGone;

    private FifoSource(IoLoop loop, String path, int fd, byte[] buffer, Reader reader) {
        this.loop = loop;
        this.path = path;
        this.fd = fd;
        this.buffer = buffer;
        this.reader = reader;
        this.registration = loop.register(fd, this::ready);
    }

    /**
     * Opens {@code path} for reading without waiting for a writer and starts reading it into
     * {@code buffer}, which may be shared by every source of this loop (they all read on its one
     * thread). Fails (CortadoException) when the fifo cannot be opened.
     */
    public static FifoSource start(IoLoop loop, String path, byte[] buffer, Reader reader) {
        int fd = loop.sys().open(path, O_NONBLOCK, 0);
        FifoSource source = new FifoSource(loop, path, fd, buffer, reader);
        loop.execute(() -> {
            if (!source.done.isDone()) {
                source.registration.arm(true, false);
            }
        });
        return source;
    }

    /** Completes once the reader was told the end: true at end of file, false when stopped or failed. */
    public CompletableFuture<Boolean> done() {
        return done;
    }

    /**
     * Says every writer is gone for good (the process exited and its shim closed the write
     * ends): once the pipe is empty, that is the end of file.
     */
    public void writersGone() {
        loop.execute(() -> {
            writersGone = true;
            if (!done.isDone()) {
                ready(0);
            }
        });
    }

    /** Stops reading (a read in progress is finished first) and closes the fifo; idempotent. */
    public void stop() {
        loop.execute(() -> finish(false));
    }

    /**
     * Reads until the pipe is empty (at most {@value #READS_PER_TURN} reads a turn, so one busy
     * stream cannot starve the others) before waiting again: a fifo whose writer left before
     * this open never signals again, so what is left in it must be read without waiting.
     */
    private void ready(int events) {
        for (int reads = 0; reads < READS_PER_TURN; reads++) {
            if (done.isDone()) {
                return;
            }
            int n;
            try {
                n = loop.sys().readNonBlocking(fd, buffer);
            } catch (CortadoException e) {
                LOG.warn("reading fifo {} failed: {}", path, e.getMessage());
                finish(false);
                return;
            }
            if (n < 0) {
                writerSeen = true; // EAGAIN: a writer is there, with nothing to say yet
                break;
            }
            if (n == 0) {
                if (writerSeen || writersGone || (events & IoLoop.HUP) != 0) {
                    finish(true);
                } else if ((events & IoLoop.ERR) != 0) {
                    LOG.warn("fifo {} reported an error", path);
                    finish(false);
                } else {
                    registration.arm(true, false); // no writer yet
                }
                return;
            }
            writerSeen = true;
            try {
                reader.read(buffer, n);
            } catch (RuntimeException e) {
                LOG.warn("reader of fifo {} failed; it reads no more", path, e); // one stream's bug stops only it
                finish(false);
                return;
            }
        }
        registration.arm(true, false);
    }

    private void finish(boolean eof) {
        if (done.isDone()) {
            return;
        }
        registration.cancel();
        loop.sys().close(fd);
        try {
            reader.end(eof);
        } finally {
            done.complete(eof);
        }
    }
}

package dev.cortado.cri.logs;

import dev.cortado.errors.CortadoException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One output stream of a container, handed to its attachers as its {@link LogPump} reads it, as
 * containerd's CRI {@code ContainerIO} adds each attacher to the stream's writer group. Unlike
 * containerd's group, whose writes go to every attacher in turn, publishing never waits: each
 * attacher has its own buffer of at most {@code capacityBytes}, and one that falls that far behind
 * (a slow client, or one gone without saying) is dropped, so neither the log copy nor the
 * container ever waits for an attacher. Attach starts at the live output, with no history (as
 * containerd). With no attacher, publishing costs a list read and copies nothing.
 */
public final class OutputFanout {
    /** Per attacher: 16 reads of a chatty container, a few seconds of a slow terminal. */
    public static final int DEFAULT_CAPACITY = 1024 * 1024;

    private final String name;
    private final int capacityBytes;
    private final List<OutputSubscriber> subscribers = new CopyOnWriteArrayList<>();
    // @GuardedBy("this")
    private boolean ended;

    /** {@code name} says whose stream this is in logs ({@code <container> stdout}). */
    public OutputFanout(String name, int capacityBytes) {
        if (capacityBytes <= 0) {
            throw CortadoException.invalidArgument("attach buffer of %s must be positive, not %d", name, capacityBytes);
        }
        this.name = name;
        this.capacityBytes = capacityBytes;
    }

    /**
     * A new attacher, seeing what is published from now on; it ends at once when the stream has
     * already ended (the container's output is over).
     */
    public synchronized OutputSubscriber subscribe() {
        OutputSubscriber s = new OutputSubscriber(name, capacityBytes, subscribers::remove);
        if (ended) {
            s.end();
        } else {
            subscribers.add(s);
        }
        return s;
    }

    /** How many attachers are subscribed (a closed or dropped one is gone at once). */
    public int subscribers() {
        return subscribers.size();
    }

    /** Hands a copy of {@code buf[off, off+len)} to every attacher; never blocks. One thread (the stream's reader) publishes. */
    public void publish(byte[] buf, int off, int len) {
        if (len <= 0 || subscribers.isEmpty()) {
            return;
        }
        byte[] chunk = Arrays.copyOfRange(buf, off, off + len); // shared by all, read only
        for (OutputSubscriber s : subscribers) {
            s.offer(chunk);
        }
    }

    /** The stream is over (EOF, or the copy stopped): each attacher ends after what it holds. */
    public synchronized void end() {
        ended = true;
        // gone from the list before they end: an attacher that saw its end also sees itself gone
        List<OutputSubscriber> ending = List.copyOf(subscribers);
        subscribers.clear();
        ending.forEach(OutputSubscriber::end);
    }
}

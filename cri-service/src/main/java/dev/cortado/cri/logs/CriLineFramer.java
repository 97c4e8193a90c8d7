package dev.cortado.cri.logs;

import java.util.Arrays;

/**
 * Cuts one stream's bytes into CRI log records exactly as containerd 1.6's {@code redirectLogs}
 * does ({@code pkg/cri/io/logger.go}): a line ends at {@code \n}, and a {@code \r} right before
 * it is dropped too; a line longer than {@code maxLen} goes out as {@code P} records of exactly
 * {@code maxLen} bytes and a last {@code F} (a line of exactly {@code maxLen} is one {@code F});
 * an empty line is an {@code F} with no content; what is left without a newline at EOF is a
 * {@code P}. Bytes are copied as they are (no UTF-8 check), a lone {@code \r} included. Holds at
 * most {@code maxLen} bytes of an unfinished line, in a buffer that starts small and grows to the
 * longest line seen (a node's containers mostly write short lines: 16 KiB each would add up).
 *
 * <p>It scans for line ends and moves runs of content with one copy each; a line that lies whole
 * in one read goes to the sink straight from the read buffer, without passing through the line
 * buffer (most lines: JMH {@code LogWriterBenchmark}).
 */
final class CriLineFramer {
    /** Where finished records go; {@code content} is only valid during the call. */
    interface Sink {
        void record(boolean partial, byte[] content, int offset, int length);
    }

    private static final byte[] CR = {'\r'};

    /** Lines start in this much; most never need more. */
    static final int INITIAL = 256;

    private final int maxLen;
    private byte[] line;
    private int length;
    /** A {@code \r} not yet written: content, unless a {@code \n} follows. */
    private boolean heldCr;

    CriLineFramer(int maxLen) {
        if (maxLen <= 0) {
            throw new IllegalArgumentException("max log line size must be positive, not " + maxLen);
        }
        this.maxLen = maxLen;
        this.line = new byte[Math.min(maxLen, INITIAL)];
    }

    void feed(byte[] buf, int off, int len, Sink sink) {
        int end = off + len;
        int i = off;
        while (i < end) {
            int run = i;
            while (run < end && buf[run] != '\n' && buf[run] != '\r') {
                run++;
            }
            if (length == 0 && !heldCr) {
                // a whole line in this buffer, ended by \n or \r\n: no copy into the line buffer
                int next = lineEnd(buf, run, end);
                if (next > 0) {
                    emit(buf, i, run - i, sink);
                    i = next;
                    continue;
                }
            }
            if (run > i) {
                if (heldCr) {
                    heldCr = false;
                    append(CR, 0, 1, sink);
                }
                append(buf, i, run - i, sink);
            }
            if (run == end) {
                return;
            }
            if (buf[run] == '\n') {
                heldCr = false;
                sink.record(false, line, 0, length);
                length = 0;
            } else {
                if (heldCr) {
                    append(CR, 0, 1, sink); // the held one was content: another \r followed it
                }
                heldCr = true;
            }
            i = run + 1;
        }
    }

    /** At EOF or stop: the unfinished line, if any, as {@code P}. */
    void finish(Sink sink) {
        if (heldCr) {
            heldCr = false;
            append(CR, 0, 1, sink);
        }
        if (length > 0) {
            sink.record(true, line, 0, length);
            length = 0;
        }
    }

    /** Where the next line starts when a line end ({@code \n} or {@code \r\n}) is at {@code at}; else 0. */
    private static int lineEnd(byte[] buf, int at, int end) {
        if (at < end && buf[at] == '\n') {
            return at + 1;
        }
        if (at + 1 < end && buf[at] == '\r' && buf[at + 1] == '\n') {
            return at + 2;
        }
        return 0;
    }

    /** A whole line from the caller's buffer: {@code P} records of {@code maxLen} while more follows, then {@code F}. */
    private void emit(byte[] buf, int off, int n, Sink sink) {
        while (n > maxLen) {
            sink.record(true, buf, off, maxLen);
            off += maxLen;
            n -= maxLen;
        }
        sink.record(false, buf, off, n);
    }

    /** Adds content to the unfinished line; a full line buffer goes out as {@code P} first. */
    private void append(byte[] buf, int off, int n, Sink sink) {
        while (n > 0) {
            if (length == maxLen) {
                sink.record(true, line, 0, length);
                length = 0;
            }
            int k = Math.min(n, maxLen - length);
            if (length + k > line.length) {
                line = Arrays.copyOf(line, Math.min(maxLen, Math.max(2 * line.length, length + k)));
            }
            System.arraycopy(buf, off, line, length, k);
            length += k;
            off += k;
            n -= k;
        }
    }
}

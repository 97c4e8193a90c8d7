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
 */
final class CriLineFramer {
    /** Where finished records go; {@code content} is only valid during the call. */
    interface Sink {
        void record(boolean partial, byte[] content, int length);
    }

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
        for (int i = off; i < end; i++) {
            byte b = buf[i];
            if (b == '\n') {
                heldCr = false;
                sink.record(false, line, length);
                length = 0;
                continue;
            }
            if (heldCr) {
                heldCr = false;
                append((byte) '\r', sink);
            }
            if (b == '\r') {
                heldCr = true;
            } else {
                append(b, sink);
            }
        }
    }

    /** At EOF or stop: the unfinished line, if any, as {@code P}. */
    void finish(Sink sink) {
        if (heldCr) {
            heldCr = false;
            append((byte) '\r', sink);
        }
        if (length > 0) {
            sink.record(true, line, length);
            length = 0;
        }
    }

    private void append(byte b, Sink sink) {
        if (length == maxLen) {
            sink.record(true, line, length);
            length = 0;
        } else if (length == line.length) {
            line = Arrays.copyOf(line, Math.min(maxLen, 2 * line.length));
        }
        line[length++] = b;
    }
}

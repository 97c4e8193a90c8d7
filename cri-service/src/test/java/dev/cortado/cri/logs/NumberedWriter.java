package dev.cortado.cri.logs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A container stream in tests: writes numbered lines into a fifo until stopped (at least
 * {@code min}), every 50th one long enough to be split, through a 4 KiB buffer so writes end
 * mid-line. Closes its write end at the end, as a container's exit does.
 */
final class NumberedWriter extends Thread {
    private final Path fifo;
    private final String prefix;
    private final int min;
    private volatile boolean stop;
    private volatile int written;
    private volatile Throwable failure;

    NumberedWriter(Path fifo, String prefix, int min) {
        super("writer-" + prefix);
        this.fifo = fifo;
        this.prefix = prefix;
        this.min = min;
    }

    static String line(String prefix, int i) {
        return prefix + "-" + i + (i % 50 == 0 ? " " + "p".repeat(2500) : "");
    }

    @Override
    public void run() {
        try (OutputStream out = new BufferedOutputStream(ShimFifos.writer(fifo), 4096)) {
            for (int i = 0; i < min || !stop; i++) {
                out.write((line(prefix, i) + "\n").getBytes(StandardCharsets.US_ASCII));
                written = i + 1;
            }
        } catch (IOException e) {
            failure = e;
            throw new UncheckedIOException(e);
        }
    }

    void finish() throws InterruptedException {
        stop = true;
        join(60_000);
        if (isAlive() || failure != null) {
            throw new AssertionError("writer " + prefix + " did not finish: " + failure);
        }
    }

    int written() {
        return written;
    }

    List<String> expected() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < written; i++) {
            lines.add(line(prefix, i));
        }
        return lines;
    }
}

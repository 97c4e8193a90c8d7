package dev.cortado.shim.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Lines written one at a time into a test container that echoes them (cat), as live output. */
final class LiveInput implements AutoCloseable {
    private final OutputStream stdin;
    private int ticks;

    LiveInput(OutputStream stdin) {
        this.stdin = stdin;
    }

    /** Writes one line now. */
    void say(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Writes a numbered tick every 20 ms until {@code attacher} reads one; fails after 10 s. */
    void tickUntil(Attacher attacher) throws IOException, InterruptedException {
        for (long end = System.nanoTime() + 10_000_000_000L; !attacher.attached(); Thread.sleep(20)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the attacher read nothing in 10 s");
            }
            say("tick " + ticks++);
        }
    }

    /** Closes the container's stdin: it sees end of file. */
    @Override
    public void close() throws IOException {
        stdin.close();
    }
}

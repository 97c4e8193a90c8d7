package dev.cortado.shim.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A client attached to an attach fifo: on its own thread it reads lines until {@code last}, then leaves. */
final class Attacher {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread thread;

    Attacher(Path fifo, String last) {
        thread = new Thread(
                () -> {
                    // opening blocks until the shim opens its end, on the next output after this
                    try (BufferedReader in = Files.newBufferedReader(fifo)) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            lines.add(line);
                            if (line.equals(last)) {
                                return;
                            }
                        }
                    } catch (IOException e) {
                        lines.add("failed: " + e);
                    }
                },
                "attacher");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether it has read anything yet. */
    boolean attached() {
        return !lines.isEmpty();
    }

    /** Waits up to 10 s for it to read its last line and leave; returns what it read. */
    List<String> awaitLast() throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(10));
        return List.copyOf(lines);
    }
}

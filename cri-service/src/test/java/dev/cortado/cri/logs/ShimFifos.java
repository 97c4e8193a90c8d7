package dev.cortado.cri.logs;

import dev.cortado.cri.linux.NativeFifos;
import dev.cortado.cri.linux.NativeFsOps;
import dev.cortado.cri.logs.Fifos.FifoStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays the shim's side of a container's fifos in tests: makes them, holds a spare read end on
 * each as containerd's shim does (so a write never fails with EPIPE while no copier reads, and
 * the pipe keeps its bytes), and opens the write ends.
 */
final class ShimFifos implements AutoCloseable {
    final Path stdout;
    final Path stderr;
    private final List<FifoStream> spares = new ArrayList<>();

    ShimFifos(Path dir, String name) throws IOException {
        NativeFsOps fs = new NativeFsOps();
        stdout = dir.resolve(name + "-stdout");
        stderr = dir.resolve(name + "-stderr");
        fs.mknod(stdout, 'p', 0, 0);
        fs.mknod(stderr, 'p', 0, 0);
        NativeFifos fifos = new NativeFifos();
        spares.add(fifos.openForReading(stdout));
        spares.add(fifos.openForReading(stderr));
    }

    static OutputStream writer(Path fifo) throws IOException {
        return new FileOutputStream(fifo.toFile());
    }

    static void writeAndClose(Path fifo, String text) {
        try (OutputStream out = writer(fifo)) {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        spares.forEach(FifoStream::close);
    }
}

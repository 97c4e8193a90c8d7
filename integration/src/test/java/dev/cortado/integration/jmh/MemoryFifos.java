package dev.cortado.integration.jmh;

import dev.cortado.cri.logs.Fifos;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@link Fifos} whose streams replay prepared bytes, in reads of at most a pipe's 64 KiB as a
 * container's fifo delivers them, then EOF: the log writer's work without a shim or kernel pipe.
 */
final class MemoryFifos implements Fifos {
    private static final int PIPE_READ = 64 * 1024;

    private final Map<Path, byte[]> contents;

    MemoryFifos(Map<Path, byte[]> contents) {
        this.contents = Map.copyOf(contents);
    }

    @Override
    public FifoStream openForReading(Path fifo) {
        byte[] data = contents.get(fifo);
        if (data == null) {
            throw new IllegalArgumentException("no content prepared for " + fifo);
        }
        return new Replay(data);
    }

    @Override
    public FifoSink openForWriting(Path fifo) {
        throw new UnsupportedOperationException("the benchmark writes no stdin");
    }

    private static final class Replay implements FifoStream {
        private final byte[] data;
        private int position;
        private volatile boolean woken;

        Replay(byte[] data) {
            this.data = data;
        }

        @Override
        public int read(byte[] buf) {
            if (woken) {
                return WOKEN;
            }
            if (position == data.length) {
                return EOF;
            }
            int n = Math.min(Math.min(buf.length, PIPE_READ), data.length - position);
            System.arraycopy(data, position, buf, 0, n);
            position += n;
            return n;
        }

        @Override
        public void wake() {
            woken = true;
        }

        @Override
        public void writersGone() {}

        @Override
        public void close() {}
    }
}

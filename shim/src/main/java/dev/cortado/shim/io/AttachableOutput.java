package dev.cortado.shim.io;

import java.io.IOException;
import java.io.OutputStream;

/** One output stream of a process: every byte to the logging binary, then what it takes to the attach fifo. */
final class AttachableOutput extends OutputStream {
    private final OutputStream logger;
    private final AttachFifo attach;

    AttachableOutput(OutputStream logger, AttachFifo attach) {
        this.logger = logger;
        this.attach = attach;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        logger.write(b, off, len);
        attach.offer(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        logger.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            logger.close();
        } finally {
            attach.close();
        }
    }
}

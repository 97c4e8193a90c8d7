package dev.cortado.shim.loop;

import dev.cortado.errors.CortadoException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Waits on the {@link IoLoop} for one line on a connected socket (a monitor's answer to
 * {@code wait}, which comes when the process exits), then closes the socket. No thread waits.
 */
public final class LineReply {
    private final IoLoop loop;
    private final int fd;
    private final IoLoop.Registration registration;
    private final StringBuilder line = new StringBuilder();
    private final CompletableFuture<String> reply = new CompletableFuture<>();

    private LineReply(IoLoop loop, int fd) {
        this.loop = loop;
        this.fd = fd;
        this.registration = loop.register(fd, ev -> readable());
    }

    /**
     * Completes with the line (trimmed) once it came, or with what came before the peer closed
     * the socket; fails when reading fails. Takes ownership of {@code fd}.
     */
    public static CompletableFuture<String> await(IoLoop loop, int fd) {
        LineReply r = new LineReply(loop, fd);
        r.registration.arm(true, false);
        return r.reply;
    }

    private void readable() {
        byte[] buf = new byte[512];
        int n;
        try {
            n = loop.sys().read(fd, buf);
        } catch (CortadoException e) {
            finish();
            reply.completeExceptionally(e);
            return;
        }
        if (n > 0) {
            line.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        if (n <= 0 || line.indexOf("\n") >= 0) {
            finish();
            reply.complete(line.toString().trim());
            return;
        }
        registration.arm(true, false);
    }

    private void finish() {
        registration.cancel();
        loop.sys().close(fd);
    }
}

package dev.cortado.cri.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import dev.cortado.cri.streaming.runtime.PodDialer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@link PodDialer} through glibc: a new platform thread {@code setns(CLONE_NEWNET)}s into the
 * pod's pinned namespace (namespaces are per thread in Linux), opens and connects the socket and
 * ends, so no thread of the JVM stays in a pod's namespace; the socket keeps the namespace it was
 * created in. No helper process per connection (containerd 1.6 does the same with {@code netns.Do}).
 */
public final class NativePodDialer implements PodDialer {
    private final Libc libc;

    public NativePodDialer() {
        this(Native.load("c", Libc.class));
    }

    NativePodDialer(Libc libc) {
        this.libc = libc;
    }

    @Override
    public SocketChannel dial(String netnsPath, int port) throws IOException {
        if (netnsPath.isEmpty()) {
            return connectLocalhost(port);
        }
        CompletableFuture<SocketChannel> result = new CompletableFuture<>();
        Thread thread = new Thread(
                () -> {
                    try {
                        enter(netnsPath);
                        result.complete(connectLocalhost(port));
                    } catch (IOException | RuntimeException e) {
                        result.completeExceptionally(e);
                    }
                },
                "portforward-dial-" + port);
        thread.setDaemon(true);
        thread.start();
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.thenAccept(NativePodDialer::closeQuietly);
            throw new IOException("interrupted connecting to port " + port + " in " + netnsPath, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("connect to port " + port + " in " + netnsPath + ": " + e.getCause(), e.getCause());
        }
    }

    private void enter(String netnsPath) throws IOException {
        int fd;
        try {
            fd = libc.open(netnsPath, Libc.O_RDONLY | Libc.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException("open network namespace " + netnsPath + ": errno " + e.getErrorCode(), e);
        }
        try {
            libc.setns(fd, Libc.CLONE_NEWNET);
        } catch (LastErrorException e) {
            throw new IOException("setns into " + netnsPath + ": errno " + e.getErrorCode(), e);
        } finally {
            libc.close(fd);
        }
    }

    /** 127.0.0.1 first, then ::1 when refused (a server bound to IPv6 loopback only). */
    private static SocketChannel connectLocalhost(int port) throws IOException {
        try {
            return SocketChannel.open(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port));
        } catch (ConnectException v4) {
            byte[] v6 = new byte[16];
            v6[15] = 1;
            try {
                return SocketChannel.open(new InetSocketAddress(InetAddress.getByAddress(v6), port));
            } catch (IOException e) {
                v4.addSuppressed(e);
                throw v4;
            }
        }
    }

    private static void closeQuietly(SocketChannel socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nobody waits for it any more
        }
    }
}

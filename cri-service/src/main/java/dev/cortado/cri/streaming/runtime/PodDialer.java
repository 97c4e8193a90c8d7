package dev.cortado.cri.streaming.runtime;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/** Opens TCP connections inside a pod's network namespace; production is {@code cri.linux.NativePodDialer}. */
@FunctionalInterface
public interface PodDialer {
    /**
     * Connects to {@code localhost:port} (127.0.0.1, then ::1) inside the network namespace pinned
     * at {@code netnsPath}, or in cortado's own when it is empty (a host-network pod). The socket
     * stays in that namespace whatever thread uses it later. A refused connection is thrown.
     */
    SocketChannel dial(String netnsPath, int port) throws IOException;
}

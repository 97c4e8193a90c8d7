package dev.cortado.transport;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares a filesystem unix socket path for a server: creates the directory (0711, so only
 * root can list it), removes a stale socket left by a crash, and refuses to steal a socket that
 * a live server still answers on.
 */
public final class UnixSocketBinding {
    private static final Logger LOG = LoggerFactory.getLogger(UnixSocketBinding.class);
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private UnixSocketBinding() {}

    /** Makes {@code socket} ready to bind; throws FAILED_PRECONDITION if it is in use. */
    public static void prepare(Path socket) {
        try {
            Path dir = socket.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            }
            if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            if (!isSocket(socket)) {
                throw CortadoException.failedPrecondition(
                        "%s exists and is not a unix socket; refusing to replace it", socket);
            }
            if (answers(socket)) {
                throw CortadoException.failedPrecondition(
                        "socket %s is held by a running server (is another cortado running?)", socket);
            }
            LOG.info("removing stale socket {}", socket);
            Files.delete(socket);
        } catch (IOException e) {
            throw new CortadoException(
                    ErrorKind.UNAVAILABLE, "cannot prepare socket " + socket + ": " + e.getMessage(), e);
        }
    }

    /** Restricts a freshly bound socket to its owner and group (0660). */
    public static void restrict(Path socket) {
        try {
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.UNAVAILABLE, "cannot set permissions of " + socket, e);
        }
    }

    private static boolean isSocket(Path path) throws IOException {
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return (mode & S_IFMT) == S_IFSOCK;
    }

    private static boolean answers(Path socket) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (ConnectException e) {
            return false;
        }
    }
}

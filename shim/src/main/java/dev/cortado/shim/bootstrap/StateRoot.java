package dev.cortado.shim.bootstrap;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Where the node's one shim server keeps its sockets, log and task state: {@code
 * CORTADO_SHIM_ROOT} or {@code /run/cortado/s}, a 0700 directory (filesystem sockets only).
 */
public record StateRoot(Path dir) {
    public static final Path DEFAULT = Path.of("/run/cortado/s");

    /** The root named by the environment, or the default. */
    public static StateRoot fromEnv(Map<String, String> env) {
        String configured = env.get("CORTADO_SHIM_ROOT");
        return new StateRoot(configured == null || configured.isEmpty() ? DEFAULT : Path.of(configured));
    }

    /** The socket serving ttrpc (task v2 and v3). */
    public Path ttrpcSocket() {
        return dir.resolve("ttrpc.sock");
    }

    /** The socket serving gRPC (task v3). */
    public Path grpcSocket() {
        return dir.resolve("grpc.sock");
    }

    /** The server's log (its stdout and stderr). */
    public Path log() {
        return dir.resolve("shim.log");
    }

    /** Held by {@code start} while it checks for and spawns the server. */
    public Path startLock() {
        return dir.resolve("start.lock");
    }

    /** The ttrpc address as {@code start} prints it. */
    public String ttrpcAddress() {
        return "unix://" + ttrpcSocket();
    }

    /** The gRPC address. */
    public String grpcAddress() {
        return "unix://" + grpcSocket();
    }

    /** Creates the directory with mode 0700 (and makes an existing one 0700). */
    public void create() {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.INTERNAL, "create shim state root " + dir, e);
        }
    }
}

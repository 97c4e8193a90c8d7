package dev.cortado.shim.process;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.shim.linux.LinuxSyscalls;
import dev.cortado.shim.loop.IoLoop;
import dev.cortado.shim.loop.LineReply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * A client of one cortado-init monitor, speaking the line protocol of its control socket
 * (documented in shim/src/main/c/main.c). Holds no state but the path, so any JVM that
 * knows the state directory can re-adopt the container.
 */
public final class Monitor {
    private final LinuxSyscalls sys;
    private final Path stateDir;

    public Monitor(LinuxSyscalls sys, Path stateDir) {
        this.sys = sys;
        this.stateDir = stateDir;
    }

    /** The task's state directory. */
    public Path stateDir() {
        return stateDir;
    }

    /** Asks the monitor for the container's state. */
    public TaskState state() {
        return TaskState.parse(call("state"));
    }

    /** Lets the created container exec its process; fails if setup after start failed. */
    public void start() {
        expectOk("start");
    }

    /** Sends a signal to the container process. */
    public void kill(int signal) {
        expectOk("kill " + signal);
    }

    /** Blocks until the container has exited and returns its status. */
    public ExitStatus waitForExit() {
        TaskState s = TaskState.parse(call("wait"));
        return s.exit().orElseThrow();
    }

    /**
     * Completes with the exit status when the container exits, waiting on {@code loop} rather
     * than on a thread; fails as {@link #waitForExit} would (a monitor that died, a bad reply).
     */
    public CompletableFuture<ExitStatus> exitAsync(IoLoop loop) {
        int sock = sys.connectUnix(socket());
        try {
            sys.write(sock, "wait\n".getBytes(StandardCharsets.US_ASCII));
        } catch (RuntimeException e) {
            sys.close(sock);
            throw e;
        }
        return LineReply.await(loop, sock)
                .thenApply(reply -> TaskState.parse(reply).exit().orElseThrow(() -> failed("wait", reply)));
    }

    /** Gets this JVM's copies of the container's stdin, stdout and stderr pipes. */
    public ContainerIo stdio() {
        int sock = sys.connectUnix(socket());
        try {
            sys.write(sock, "stdio\n".getBytes(StandardCharsets.US_ASCII));
            LinuxSyscalls.Received r = sys.receive(sock, 256, 3);
            if (r.fds().size() != 3) {
                r.fds().forEach(sys::close);
                throw failed("stdio", new String(r.data(), StandardCharsets.UTF_8));
            }
            return ContainerIo.fromFds(
                    sys, r.fds().get(0), r.fds().get(1), r.fds().get(2));
        } finally {
            sys.close(sock);
        }
    }

    /** Makes the monitor close its stdin end, so the container sees EOF once we close ours. */
    public void closeStdin() {
        expectOk("close-stdin");
    }

    /** Sets the window size of a terminal container's pty. */
    public void resize(int rows, int cols) {
        if (rows < 0 || rows > 65535 || cols < 0 || cols > 65535) {
            throw new CortadoException(ErrorKind.INVALID_ARGUMENT, "bad window size " + rows + "x" + cols);
        }
        expectOk("resize " + rows + " " + cols);
    }

    /**
     * Ends the monitor of an exited container and removes its socket. Monitors detach from
     * the JVM that spawned them, so init reaps them, unless this JVM is a subreaper
     * ({@link LinuxSyscalls#becomeChildSubreaper}): then they are our children and are reaped
     * here, so no deleted monitor stays a zombie.
     */
    public void delete() {
        String reply = call("delete");
        if (!reply.equals("ok") && !reply.matches("ok [0-9]+")) {
            throw failed("delete", reply);
        }
        if (reply.length() > 3) {
            sys.reapIfChild(Integer.parseInt(reply.substring(3)));
        }
    }

    private void expectOk(String command) {
        String reply = call(command);
        if (!reply.equals("ok")) {
            throw failed(command, reply);
        }
    }

    private CortadoException failed(String command, String reply) {
        return new CortadoException(
                ErrorKind.FAILED_PRECONDITION, command + " " + stateDir + ": " + reply.replaceFirst("^error ", ""));
    }

    private String call(String command) {
        int sock = sys.connectUnix(socket());
        try {
            sys.write(sock, (command + "\n").getBytes(StandardCharsets.US_ASCII));
            StringBuilder line = new StringBuilder();
            byte[] buf = new byte[512];
            int n;
            while ((n = sys.read(sock, buf)) > 0) {
                line.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                if (line.indexOf("\n") >= 0) {
                    break;
                }
            }
            return line.toString().trim();
        } finally {
            sys.close(sock);
        }
    }

    private String socket() {
        return stateDir.resolve("control.sock").toString();
    }
}

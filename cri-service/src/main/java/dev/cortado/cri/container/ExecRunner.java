package dev.cortado.cri.container;

import dev.cortado.cri.logs.ContainerIo.Captured;
import dev.cortado.cri.runtime.ExecProcess;
import dev.cortado.cri.runtime.ExitResult;
import dev.cortado.cri.runtime.Stdio;
import dev.cortado.cri.runtime.Tasks;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ExecSync: the container's own process spec (user, env, cwd, capabilities, ...) with other
 * args and no terminal, stdout and stderr through fifos under {@code <bundle>/exec/} captured up
 * to 16 MiB each (containerd's {@code maxExecSyncSize}). Past the timeout the exec is killed and
 * waited for before DEADLINE_EXCEEDED is thrown, so it is gone when the call returns (critest
 * "execSync with timeout"). The exec is always deleted and its fifos removed.
 */
final class ExecRunner {
    static final int MAX_OUTPUT = 16 << 20;
    /** How long output may trail the exit (a background child holding the fifo open). */
    static final Duration OUTPUT_GRACE = Duration.ofSeconds(2);

    static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(ExecRunner.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ContainerParts parts;
    private final ContainerDirs dirs;

    ExecRunner(ContainerParts parts, ContainerDirs dirs) {
        this.parts = parts;
        this.dirs = dirs;
    }

    ExecSyncResult run(Container c, List<String> command, Duration timeout) {
        if (command.isEmpty()) {
            throw CortadoException.invalidArgument("exec in container %s needs a command", c.id());
        }
        if (c.state() != ContainerState.RUNNING) {
            throw CortadoException.failedPrecondition(
                    "cannot exec in container %s: it is %s, not RUNNING", c.id(), c.state());
        }
        Tasks tasks = parts.tasks();
        String execId = newExecId();
        Path stdout = dirs.execDir(c.id()).resolve(execId + "-stdout");
        Path stderr = dirs.execDir(c.id()).resolve(execId + "-stderr");
        boolean added = false;
        CompletableFuture<Captured> out = null;
        CompletableFuture<Captured> err = null;
        try {
            String process = ExecProcessSpec.json(dirs, c, command, false);
            Files.createDirectories(dirs.execDir(c.id()));
            parts.fifos().mkfifo(stdout);
            parts.fifos().mkfifo(stderr);
            out = parts.io().capture(stdout, MAX_OUTPUT);
            err = parts.io().capture(stderr, MAX_OUTPUT);
            tasks.exec(
                    c.id(),
                    new ExecProcess(execId, new Stdio("", stdout.toString(), stderr.toString(), false), process));
            added = true;
            CompletableFuture<ExitResult> exit = tasks.waitExit(c.id(), execId);
            tasks.start(c.id(), execId);
            ExitResult result = awaitExit(c, execId, exit, timeout, command);
            Captured o = output(out, c, "stdout");
            Captured e = output(err, c, "stderr");
            return new ExecSyncResult(o.data(), e.data(), result.exitStatus(), o.truncated(), e.truncated());
        } catch (IOException e) {
            throw CortadoException.internal("exec in container " + c.id() + ": " + e.getMessage(), e);
        } finally {
            if (added) {
                try {
                    TaskCalls.deleteQuietly(tasks, c.id(), execId);
                } catch (RuntimeException e) {
                    LOG.warn("container {}: cannot delete exec {}", c.id(), execId, e);
                }
            }
            cancel(out);
            cancel(err);
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    private ExitResult awaitExit(
            Container c, String execId, CompletableFuture<ExitResult> exit, Duration timeout, List<String> command) {
        try {
            return timeout.isZero() || timeout.isNegative()
                    ? exit.get()
                    : exit.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            TaskCalls.kill(parts.tasks(), c.id(), execId, Signals.SIGKILL, false);
            try {
                exit.get(KILL_WAIT.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException ignored) {
                LOG.warn("container {}: exec {} did not exit after SIGKILL", c.id(), execId);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            throw new CortadoException(
                    ErrorKind.DEADLINE_EXCEEDED,
                    "command " + command + " in container " + c.id() + " timed out after " + timeout.toMillis()
                            + " ms and was killed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CortadoException(ErrorKind.CANCELLED, "interrupted waiting for exec in " + c.id(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CortadoException ce) {
                throw ce;
            }
            throw CortadoException.internal("wait for exec in container " + c.id() + ": " + e.getCause(), e);
        }
    }

    /** What was captured; empty when a child still holds the fifo past the grace (the exec itself ended). */
    private static Captured output(CompletableFuture<Captured> future, Container c, String stream) {
        try {
            return future.get(OUTPUT_GRACE.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            LOG.warn(
                    "container {}: exec {} still open {} after the exec exited; returning none",
                    c.id(),
                    stream,
                    OUTPUT_GRACE);
            return new Captured(new byte[0], false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CortadoException(ErrorKind.CANCELLED, "interrupted reading exec output of " + c.id(), e);
        } catch (ExecutionException e) {
            throw CortadoException.internal("read exec " + stream + " of container " + c.id() + ": " + e.getCause(), e);
        }
    }

    static String newExecId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void cancel(CompletableFuture<Captured> future) {
        if (future != null) {
            future.cancel(true);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot remove exec fifo {}: {}", file, e.getMessage());
        }
    }
}

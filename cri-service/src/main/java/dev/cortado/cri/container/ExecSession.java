package dev.cortado.cri.container;

import dev.cortado.cri.logs.Fifos;
import dev.cortado.cri.runtime.ExecProcess;
import dev.cortado.cri.runtime.ExitResult;
import dev.cortado.cri.runtime.Stdio;
import dev.cortado.cri.runtime.Tasks;
import dev.cortado.cri.streaming.ProcessStreams;
import dev.cortado.errors.CortadoException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One interactive exec (the Exec RPC's session), as containerd's CRI {@code execInternal}: the
 * container's process spec with other args, a fifo per requested stream under
 * {@code <bundle>/exec/} (one output for a terminal), resizes as ResizePty, the client's stdin
 * EOF as CloseIO. A cancelled session kills the exec; in every case the exec is deleted and its
 * fifos removed before {@link #run} returns.
 */
final class ExecSession {
    private static final Logger LOG = LoggerFactory.getLogger(ExecSession.class);

    private final Tasks tasks;
    private final Fifos fifos;
    private final ContainerParts parts;
    private final ContainerDirs dirs;
    private final Container c;
    private final String execId = ExecRunner.newExecId();
    private final List<Path> made = new ArrayList<>();
    private final List<FifoPump> pumps = new ArrayList<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile boolean started;

    ExecSession(ContainerParts parts, ContainerDirs dirs, Fifos fifos, Container c) {
        this.parts = parts;
        this.tasks = parts.tasks();
        this.dirs = dirs;
        this.fifos = fifos;
        this.c = c;
    }

    int run(List<String> command, ProcessStreams streams) throws IOException, InterruptedException {
        String name = "exec-" + c.id().substring(0, Math.min(12, c.id().length())) + "-" + execId.substring(0, 8);
        boolean added = false;
        StdinFeeder feeder = null;
        CompletableFuture<ExitResult> exit = null;
        try {
            Files.createDirectories(dirs.execDir(c.id()));
            String in = streams.stdin().isPresent() ? fifo("stdin") : "";
            // stdout and (without a terminal) stderr always get a fifo, as containerd's cio fifo set:
            // runc's shim fails an exec whose output path is empty; an unrequested stream is drained
            String out = fifo("stdout");
            pumps.add(new FifoPump(
                    fifos.openForReading(Path.of(out)),
                    streams.stdout().orElse(OutputStream.nullOutputStream()),
                    name + "-stdout"));
            String err = streams.tty() ? "" : fifo("stderr");
            if (!err.isEmpty()) {
                pumps.add(new FifoPump(
                        fifos.openForReading(Path.of(err)),
                        streams.stderr().orElse(OutputStream.nullOutputStream()),
                        name + "-stderr"));
            }
            feeder = in.isEmpty() ? null : StdinFeeder.open(Path.of(in), name + "-stdin");
            String process = ExecProcessSpec.json(dirs, c, command, streams.tty());
            tasks.exec(c.id(), new ExecProcess(execId, new Stdio(in, out, err, streams.tty()), process));
            added = true;
            exit = tasks.waitExit(c.id(), execId);
            streams.onCancel(this::cancel);
            tasks.start(c.id(), execId);
            started = true;
            if (cancelled.get()) {
                kill(); // cancelled between Exec and Start: the first kill found nothing running
            }
            pumps.forEach(FifoPump::start);
            if (streams.tty()) {
                streams.onResize(size -> resize(size.width(), size.height()));
            }
            if (feeder != null) {
                feeder.start(streams.stdin().get(), this::closeStdin);
            }
            int status = awaitExit(exit);
            drainOutput();
            return status;
        } finally {
            if (added) {
                cleanUp(exit);
            }
            pumps.forEach(FifoPump::close);
            if (feeder != null) {
                feeder.close();
            }
            made.forEach(ExecRunner::deleteQuietly);
        }
    }

    private String fifo(String stream) throws IOException {
        Path path = dirs.execDir(c.id()).resolve(execId + "-" + stream);
        parts.fifos().mkfifo(path);
        made.add(path);
        return path.toString();
    }

    private int awaitExit(CompletableFuture<ExitResult> exit) throws InterruptedException {
        try {
            return exit.get().exitStatus();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CortadoException ce) {
                throw ce;
            }
            throw CortadoException.internal(
                    "wait for exec " + execId + " in container " + c.id() + ": " + e.getCause(), e);
        }
    }

    /** Output may trail the exit by a little (the shim copying the last bytes); a background child's is cut. */
    private void drainOutput() throws InterruptedException {
        pumps.forEach(FifoPump::writersGone);
        long deadline = System.nanoTime() + ExecRunner.OUTPUT_GRACE.toNanos();
        for (FifoPump pump : pumps) {
            if (!pump.await(Duration.ofNanos(deadline - System.nanoTime()))) {
                LOG.warn(
                        "container {}: exec {} output still open {} after it exited; cut",
                        c.id(),
                        execId,
                        ExecRunner.OUTPUT_GRACE);
            }
        }
    }

    /** Kills an exec still running (session failed or interrupted), waits for it, deletes it (also one never started). */
    private void cleanUp(CompletableFuture<ExitResult> exit) {
        try {
            if (started && exit != null && !exit.isDone()) {
                kill();
                exit.get(ExecRunner.KILL_WAIT.toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException | ExecutionException | RuntimeException e) {
            LOG.warn("container {}: exec {} did not end after SIGKILL: {}", c.id(), execId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            TaskCalls.deleteQuietly(tasks, c.id(), execId);
        } catch (RuntimeException e) {
            LOG.warn("container {}: cannot delete exec {}", c.id(), execId, e);
        }
    }

    private void cancel() {
        cancelled.set(true);
        kill();
    }

    private void kill() {
        try {
            TaskCalls.kill(tasks, c.id(), execId, Signals.SIGKILL, false);
        } catch (RuntimeException e) {
            LOG.warn("container {}: cannot kill exec {}: {}", c.id(), execId, e.toString());
        }
    }

    private void resize(int width, int height) {
        try {
            tasks.resizePty(c.id(), execId, width, height);
        } catch (RuntimeException e) {
            LOG.debug("container {}: resize of exec {} failed: {}", c.id(), execId, e.toString());
        }
    }

    private void closeStdin() {
        try {
            tasks.closeStdin(c.id(), execId);
        } catch (RuntimeException e) {
            LOG.debug("container {}: CloseIO of exec {} failed: {}", c.id(), execId, e.toString());
        }
    }
}

package dev.cortado.cri.sandbox;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link PodInit} made of util-linux's {@code unshare --pid --fork --kill-child sleep infinity}:
 * {@code unshare} forks {@code sleep} as pid 1 of a new PID namespace and waits for it. Why this
 * and not a JVM thread: a multi-threaded JVM cannot become pid 1 of anything, and the work
 * between fork and exec must not happen in the JVM (house rule 5). {@code sleep} as pid 1 has no
 * signal handlers, so the kernel delivers it no signal from inside the namespace, and only
 * SIGKILL from the host (which {@link #stop} sends) ends the pod. It does not reap adopted
 * orphans: a container process that double-forks leaves a zombie until the pod stops (the
 * trade-off for needing no binary of our own; cortado-init gains a pod mode later). Both
 * processes survive a cortado restart; {@code --kill-child} takes the init down if
 * {@code unshare} is killed.
 */
public final class UnsharePodInit implements PodInit {
    private static final long FIND_CHILD_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final PodSyscalls sys;
    private final Path proc;
    private final List<String> command;

    /**
     * @param proc {@code /proc}
     * @param unshare the {@code unshare} binary
     * @param sleep the {@code sleep} binary
     */
    public UnsharePodInit(PodSyscalls sys, Path proc, String unshare, String sleep) {
        this.sys = sys;
        this.proc = proc;
        this.command = List.of(unshare, "--pid", "--fork", "--kill-child", "--", sleep, "infinity");
    }

    @Override
    public Started start(String podId, Path pin) {
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectInput(new File("/dev/null"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new CortadoException(
                    ErrorKind.INTERNAL,
                    "cannot start the pid namespace init of pod " + podId + " (" + command.get(0) + "): "
                            + e.getMessage(),
                    e);
        }
        try {
            long child = findChild(process);
            long startTime = ProcStat.startTime(proc, child);
            if (!Files.exists(pin)) {
                Files.createFile(pin);
            }
            sys.bindMount(proc.resolve(child + "/ns/pid"), pin);
            return new Started(child, startTime, process.pid());
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly(); // --kill-child takes the init along
            throw new CortadoException(
                    ErrorKind.INTERNAL,
                    "cannot start the pid namespace init of pod " + podId + ": " + e.getMessage(),
                    e);
        }
    }

    private long findChild(Process process) throws IOException {
        Path children = proc.resolve(process.pid() + "/task/" + process.pid() + "/children");
        long deadline = System.nanoTime() + FIND_CHILD_TIMEOUT_NANOS;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(command.get(0) + " exited with " + process.exitValue());
            }
            String text = Files.readString(children).trim();
            if (!text.isEmpty()) {
                return Long.parseLong(text.split(" ")[0]);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        throw new IOException(command.get(0) + " did not fork the init within 5 s");
    }

    @Override
    public void stop(long pid, long startTime) {
        if (!alive(pid, startTime)) {
            return;
        }
        try {
            sys.kill(pid, PodSyscalls.SIGKILL);
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.INTERNAL, "cannot kill pod init " + pid + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean alive(long pid, long startTime) {
        if (pid <= 0) {
            return false;
        }
        try {
            return ProcStat.startTime(proc, pid) == startTime;
        } catch (IOException e) {
            return false; // gone
        }
    }
}

package dev.cortado.shim.task;

import dev.cortado.shim.io.StdioCopier;
import dev.cortado.shim.io.StdioPaths;
import dev.cortado.shim.process.ExitStatus;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One process of a task (the init process, id empty, or an exec process) with its lifecycle.
 * Transitions and the events they publish happen under this object's lock, so a process that
 * exits right after Start still publishes TaskStart before TaskExit.
 */
public final class TaskProcess {
    private final String execId;
    private final ProcessControl control;
    private final StdioPaths stdio;
    private final CompletableFuture<ExitStatus> exited = new CompletableFuture<>();
    // @GuardedBy("this")
    private Lifecycle state;
    // @GuardedBy("this")
    private int pid;
    private volatile StdioCopier copier;

    TaskProcess(String execId, ProcessControl control, StdioPaths stdio, Lifecycle state, int pid) {
        this.execId = execId;
        this.control = control;
        this.stdio = stdio;
        this.state = state;
        this.pid = pid;
    }

    /** The exec id, empty for the init process. */
    public String execId() {
        return execId;
    }

    ProcessControl control() {
        return control;
    }

    /** The stdio paths containerd gave. */
    public StdioPaths stdio() {
        return stdio;
    }

    /** The current state. */
    public synchronized Lifecycle state() {
        return state;
    }

    /** The pid (0 before the monitor reported one). */
    public synchronized int pid() {
        return pid;
    }

    /** The exit status once exited. */
    public Optional<ExitStatus> exit() {
        return Optional.ofNullable(exited.getNow(null));
    }

    /** Completes when the process has exited. */
    CompletableFuture<ExitStatus> exited() {
        return exited;
    }

    /**
     * Applies {@code action} if the state machine allows it, running {@code effect} first
     * (under the lock; if it throws, the state is unchanged).
     */
    synchronized Lifecycle transition(Lifecycle.Action action, String what, Consumer<TaskProcess> effect) {
        Lifecycle next = state.next(action, what);
        effect.accept(this);
        state = next;
        return next;
    }

    synchronized void pid(int newPid) {
        this.pid = newPid;
    }

    /** Records the exit (first call wins) and moves to STOPPED; returns false if already recorded. */
    synchronized boolean markExited(ExitStatus status, Runnable publish) {
        if (exited.isDone()) {
            return false;
        }
        if (state.isAlive()) {
            state = state.next(Lifecycle.Action.EXIT, "process");
        }
        publish.run();
        exited.complete(status);
        return true;
    }

    void copier(StdioCopier c) {
        this.copier = c;
    }

    Optional<StdioCopier> copier() {
        return Optional.ofNullable(copier);
    }
}

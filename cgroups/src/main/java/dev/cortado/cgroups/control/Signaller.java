package dev.cortado.cgroups.control;

/** Sends SIGKILL to a process; the JDK's ProcessHandle does it without JNA. */
public interface Signaller {

    /** Kills the process if it still exists; a vanished process is not an error. */
    void kill(long pid);

    /** SIGKILL through {@link ProcessHandle#destroyForcibly()}. */
    static Signaller processHandles() {
        return pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
}

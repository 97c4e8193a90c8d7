package dev.cortado.shim.task;

import java.util.List;

/**
 * Sends signals to host pids, as a port: this package has no syscalls of its own (see the
 * module README); {@code bootstrap} plugs in {@code LinuxSyscalls.kill}, tests a recording fake.
 */
@FunctionalInterface
public interface ProcessSignals {

    /** Signals each pid; a pid that has exited meanwhile (ESRCH) is not an error. */
    void send(int signal, List<Long> pids);
}

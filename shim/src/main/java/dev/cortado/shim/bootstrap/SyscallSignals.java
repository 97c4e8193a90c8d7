package dev.cortado.shim.bootstrap;

import dev.cortado.shim.linux.LinuxSyscalls;
import dev.cortado.shim.task.ProcessSignals;
import java.util.List;

/** The task package's {@link ProcessSignals} port on {@link LinuxSyscalls#kill}. */
public final class SyscallSignals implements ProcessSignals {
    private final LinuxSyscalls sys;

    public SyscallSignals(LinuxSyscalls sys) {
        this.sys = sys;
    }

    @Override
    public void send(int signal, List<Long> pids) {
        for (long pid : pids) {
            sys.kill(Math.toIntExact(pid), signal); // false: it exited meanwhile
        }
    }
}

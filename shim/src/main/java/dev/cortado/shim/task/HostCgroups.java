package dev.cortado.shim.task;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.CgroupPath;
import dev.cortado.cgroups.Hierarchy;
import dev.cortado.cgroups.control.Cgroup;
import dev.cortado.cgroups.control.CgroupEvent;
import dev.cortado.cgroups.control.CgroupManager;
import dev.cortado.cgroups.control.CgroupStats;
import dev.cortado.cgroups.controller.DroppedLimit;
import dev.cortado.cgroups.controller.WritePlan;
import dev.cortado.cgroups.resources.OciLinuxResources;
import dev.cortado.cgroups.resources.ResourcesMapper;
import dev.cortado.errors.CortadoException;
import dev.cortado.shim.launch.CgroupErrors;
import dev.cortado.shim.loop.FileWatches;
import dev.cortado.shim.options.LimitPolicy;
import java.time.Duration;
import java.util.List;

/** The production {@link TaskCgroups}: the cgroups library on the host's cgroup v2 hierarchy. */
public final class HostCgroups implements TaskCgroups {
    private static final Duration FREEZE_TIMEOUT = Duration.ofSeconds(5);
    private final CgroupManager manager;
    private final ProcessSignals signals;
    private final FileWatches watches;

    /** Cgroups whose OOM watches each have a thread (the cgroups library's EventsWatcher). */
    public HostCgroups(CgroupManager manager, ProcessSignals signals) {
        this(manager, signals, null);
    }

    /** Cgroups whose OOM watches are inotify watches on the server's event loop ({@code watches}; null: threads). */
    public HostCgroups(CgroupManager manager, ProcessSignals signals, FileWatches watches) {
        this.manager = manager;
        this.signals = signals;
        this.watches = watches;
    }

    @Override
    public void freeze(String cgroupsPath) {
        run(() -> open(cgroupsPath).freeze(FREEZE_TIMEOUT), "freeze", cgroupsPath);
    }

    @Override
    public void thaw(String cgroupsPath) {
        run(() -> open(cgroupsPath).thaw(FREEZE_TIMEOUT), "thaw", cgroupsPath);
    }

    @Override
    public boolean isFrozen(String cgroupsPath) {
        try {
            return open(cgroupsPath).isFrozen();
        } catch (CgroupException e) {
            return false;
        }
    }

    @Override
    public CgroupStats stats(String cgroupsPath) {
        try {
            return open(cgroupsPath).stats();
        } catch (CgroupException e) {
            throw mapped("read stats of", cgroupsPath, e);
        }
    }

    @Override
    public List<DroppedLimit> update(String cgroupsPath, OciLinuxResources resources, LimitPolicy policy) {
        try {
            var limits = ResourcesMapper.fromOci(resources);
            Hierarchy hierarchy = manager.hierarchy();
            WritePlan plan =
                    policy == LimitPolicy.WARN ? WritePlan.lenient(limits, hierarchy) : WritePlan.of(limits, hierarchy);
            open(cgroupsPath).update(plan);
            return plan.dropped();
        } catch (CgroupException e) {
            throw mapped("update", cgroupsPath, e);
        }
    }

    @Override
    public List<Long> pids(String cgroupsPath) {
        try {
            return open(cgroupsPath).processesRecursive();
        } catch (CgroupException e) {
            throw mapped("list pids of", cgroupsPath, e);
        }
    }

    @Override
    public void signalAll(String cgroupsPath, int signal) {
        if (signal == 9) {
            // cgroup.kill where the kernel has it, else SIGKILL to each process, until empty
            run(() -> open(cgroupsPath).killAll(FREEZE_TIMEOUT), "kill all in", cgroupsPath);
        } else {
            signals.send(signal, pids(cgroupsPath));
        }
    }

    @Override
    public void remove(String cgroupsPath) {
        run(() -> manager.delete(CgroupPath.parse(cgroupsPath), FREEZE_TIMEOUT), "remove", cgroupsPath);
    }

    @Override
    public AutoCloseable watchOom(String cgroupsPath, Runnable onOom) {
        if (watches != null) {
            try {
                return OomWatch.start(watches, open(cgroupsPath).dir(), onOom);
            } catch (CgroupException e) {
                throw mapped("watch", cgroupsPath, e);
            }
        }
        try {
            return open(cgroupsPath)
                    .watch(
                            event -> {
                                if (event instanceof CgroupEvent.OomKill) {
                                    onOom.run();
                                }
                            },
                            Duration.ofSeconds(2),
                            true);
        } catch (CgroupException e) {
            throw mapped("watch", cgroupsPath, e);
        }
    }

    private Cgroup open(String cgroupsPath) {
        return manager.open(CgroupPath.parse(cgroupsPath));
    }

    private static void run(Runnable op, String what, String path) {
        try {
            op.run();
        } catch (CgroupException e) {
            throw mapped(what, path, e);
        }
    }

    private static CortadoException mapped(String what, String path, CgroupException e) {
        return CgroupErrors.mapped(what + " cgroup " + path, e);
    }
}

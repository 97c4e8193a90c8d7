package dev.cortado.shim.task.api;

import dev.cortado.api.cgroups.v2.CPUStat;
import dev.cortado.api.cgroups.v2.MemoryStat;
import dev.cortado.api.cgroups.v2.Metrics;
import dev.cortado.api.cgroups.v2.PidsStat;
import dev.cortado.cgroups.control.CgroupStats;
import dev.cortado.cgroups.stats.MemoryUsage;

/** Our cgroup statistics as containerd's {@code io.containerd.cgroups.v2.Metrics}. */
final class MetricsMapper {
    private MetricsMapper() {}

    static Metrics toMetrics(CgroupStats s) {
        Metrics.Builder m = Metrics.newBuilder()
                .setCpu(CPUStat.newBuilder()
                        .setUsageUsec(s.cpu().usageUsec())
                        .setUserUsec(s.cpu().userUsec())
                        .setSystemUsec(s.cpu().systemUsec())
                        .setNrPeriods(s.cpu().nrPeriods())
                        .setNrThrottled(s.cpu().nrThrottled())
                        .setThrottledUsec(s.cpu().throttledUsec()));
        if (s.pids() != null) {
            m.setPids(PidsStat.newBuilder()
                    .setCurrent(s.pids().current())
                    .setLimit(Math.max(0, s.pids().max())));
        }
        MemoryUsage mem = s.memory();
        if (mem != null) {
            MemoryStat.Builder b = MemoryStat.newBuilder()
                    .setUsage(mem.current())
                    .setUsageLimit(Math.max(0, mem.limit()))
                    .setSwapUsage(mem.swapCurrent())
                    .setMaxUsage(mem.peak());
            if (mem.stat() != null) {
                b.setAnon(mem.stat().anon())
                        .setFile(mem.stat().file())
                        .setInactiveFile(mem.stat().inactiveFile())
                        .setPgfault(mem.stat().pgfault())
                        .setPgmajfault(mem.stat().pgmajfault());
            }
            m.setMemory(b);
        }
        return m.build();
    }
}

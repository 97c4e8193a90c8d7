package dev.cortado.cri.stats;

import dev.cortado.cgroups.control.CgroupStats;
import dev.cortado.cgroups.stats.CpuStat;
import dev.cortado.cgroups.stats.IoStat;
import dev.cortado.cgroups.stats.MemoryUsage;
import dev.cortado.cgroups.stats.PidsStat;
import dev.cortado.cgroups.stats.Psi;

/**
 * The cAdvisor metrics of one cgroup reading, as cAdvisor derives them from cgroup v2 files. A
 * part whose files the cgroup lacks (no memory, pids or io controller on a hybrid host, no PSI on
 * a kernel booted with {@code psi=0}) gives no samples at all, never zeros. CRI values are whole
 * numbers, so times in seconds are truncated to the second, as containerd and CRI-O send them.
 */
final class CgroupMetrics {
    private static final long MICROS = 1_000_000;

    private final BlockDevices devices;

    CgroupMetrics(BlockDevices devices) {
        this.devices = devices;
    }

    void add(CgroupStats s, MetricSink sink) {
        cpu(s.cpu(), sink);
        if (s.memory() != null) {
            memory(s.memory(), sink);
        }
        if (s.pids() != null) {
            pids(s.pids(), sink);
        }
        if (s.io() != null) {
            io(s.io(), sink);
        }
        pressure("cpu", s.cpuPressure(), sink);
        pressure("memory", s.memoryPressure(), sink);
        pressure("io", s.ioPressure(), sink);
    }

    /**
     * The cfs counters only once the kernel counted a period: they count only under a quota
     * (cAdvisor reports them only then), and a hybrid host's cpu.stat has none at all.
     */
    private static void cpu(CpuStat cpu, MetricSink sink) {
        sink.add("container_cpu_usage_seconds_total", cpu.usageUsec() / MICROS, "total");
        sink.add("container_cpu_user_seconds_total", cpu.userUsec() / MICROS);
        sink.add("container_cpu_system_seconds_total", cpu.systemUsec() / MICROS);
        if (cpu.nrPeriods() > 0) {
            sink.add("container_cpu_cfs_periods_total", cpu.nrPeriods());
            sink.add("container_cpu_cfs_throttled_periods_total", cpu.nrThrottled());
            sink.add("container_cpu_cfs_throttled_seconds_total", cpu.throttledUsec() / MICROS);
        }
    }

    private static void memory(MemoryUsage m, MetricSink sink) {
        sink.add("container_memory_usage_bytes", m.current());
        sink.add("container_memory_working_set_bytes", m.workingSet());
        sink.add("container_memory_rss", m.stat().anon());
        sink.add("container_memory_cache", m.stat().file());
        sink.add("container_memory_mapped_file", m.stat().get("file_mapped"));
        if (m.stat().values().containsKey("kernel")) { // Linux 5.18+
            sink.add("container_memory_kernel_usage", m.stat().get("kernel"));
        }
        if (m.peak() >= 0) {
            sink.add("container_memory_max_usage_bytes", m.peak());
        }
        if (m.swapCurrent() >= 0) {
            sink.add("container_memory_swap", m.swapCurrent());
        }
        // cgroup v2 has no failcnt: cAdvisor counts the times usage hit memory.max ("max" of memory.events)
        sink.add("container_memory_failcnt", m.events().max());
        for (String scope : new String[] {"container", "hierarchy"}) {
            sink.add("container_memory_failures_total", m.stat().pgfault(), "pgfault", scope);
            sink.add("container_memory_failures_total", m.stat().pgmajfault(), "pgmajfault", scope);
        }
        sink.add("container_oom_events_total", m.events().oomKill());
    }

    private static void pids(PidsStat p, MetricSink sink) {
        sink.add("container_threads", p.current());
        sink.add("container_threads_max", Math.max(0, p.max())); // "max" is -1: cAdvisor's 0 means unlimited
    }

    private void io(IoStat io, MetricSink sink) {
        for (IoStat.Device d : io.devices()) {
            String device = devices.name(d.major(), d.minor());
            sink.add("container_fs_reads_bytes_total", d.rbytes(), device);
            sink.add("container_fs_writes_bytes_total", d.wbytes(), device);
            sink.add("container_fs_reads_total", d.rios(), device);
            sink.add("container_fs_writes_total", d.wios(), device);
        }
    }

    /** cAdvisor's names: "waiting" is the some line, "stalled" the full one. */
    private static void pressure(String resource, Psi psi, MetricSink sink) {
        if (psi == null) {
            return;
        }
        sink.add(
                "container_pressure_" + resource + "_waiting_seconds_total",
                psi.some().total() / MICROS);
        if (psi.full() != null) {
            sink.add(
                    "container_pressure_" + resource + "_stalled_seconds_total",
                    psi.full().total() / MICROS);
        }
    }
}

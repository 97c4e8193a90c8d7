package dev.cortado.cri.stats;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.CgroupPath;
import dev.cortado.cgroups.control.CgroupManager;
import dev.cortado.cgroups.control.CgroupStats;
import dev.cortado.cgroups.stats.MemoryUsage;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one cgroup's statistics (cpu, memory, swap, pids, io, PSI) through the cgroups library. A cgroup that does not exist
 * (a container not started yet, or whose task is gone) gives nothing; a file the kernel refuses is
 * logged once per call at debug and gives nothing too: stats are best effort, never an error.
 */
final class CgroupUsage {
    private static final Logger LOG = LoggerFactory.getLogger(CgroupUsage.class);

    private final CgroupManager cgroups;
    private final Clock clock;

    CgroupUsage(CgroupManager cgroups, Clock clock) {
        this.cgroups = cgroups;
        this.clock = clock;
    }

    /** The usage of the cgroup at {@code path}; {@code key} names its previous cpu sample in {@code samples}. */
    UsageStats read(CpuSamples samples, String key, Optional<CgroupPath> path) {
        long now = wallNanos();
        if (path.isEmpty()) {
            return UsageStats.none(now, Optional.empty());
        }
        Optional<String> where = Optional.of(path.get().toString());
        CgroupStats stats;
        try {
            stats = cgroups.open(path.get()).stats();
        } catch (CgroupException e) {
            LOG.debug("no stats for {} at {}: {}", key, path.get(), e.getMessage());
            return UsageStats.none(now, where);
        }
        UsageStats.Cpu cpu = new UsageStats.Cpu(
                stats.cpu().usageUsec() * 1000, samples.nanoCores(key, stats.cpu(), stats.timestampNanos()));
        return new UsageStats(
                now,
                Optional.of(cpu),
                Optional.ofNullable(stats.memory()).map(CgroupUsage::memory),
                Optional.of(stats),
                where);
    }

    /** containerd's cgroup v2 rules: available only under a limit, working set never above usage. */
    static UsageStats.Memory memory(MemoryUsage m) {
        long workingSet = m.workingSet();
        Optional<Long> available = m.limit() < 0 ? Optional.empty() : Optional.of(Math.max(0, m.limit() - workingSet));
        return new UsageStats.Memory(
                workingSet,
                m.current(),
                available,
                m.stat().anon(),
                m.stat().pgfault(),
                m.stat().pgmajfault());
    }

    private long wallNanos() {
        java.time.Instant t = clock.instant();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}

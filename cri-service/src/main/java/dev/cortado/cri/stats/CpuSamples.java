package dev.cortado.cri.stats;

import dev.cortado.cgroups.stats.CpuStat;
import dev.cortado.cgroups.stats.UsageNanoCores;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The previous cpu sample of each cgroup, for {@code usage_nano_cores}: as containerd's stats
 * collector, the rate is taken between this reading and the one before it (whoever asked), and
 * the first reading of a cgroup has none.
 */
final class CpuSamples {
    private final ConcurrentMap<String, UsageNanoCores.Sample> previous = new ConcurrentHashMap<>();

    /** Records this reading of {@code key}'s cgroup and returns the rate since the previous one. */
    Optional<Long> nanoCores(String key, CpuStat stat, long monotonicNanos) {
        UsageNanoCores.Sample now = UsageNanoCores.Sample.of(stat, monotonicNanos);
        UsageNanoCores.Sample before = previous.put(key, now);
        if (before == null || now.timestampNanos() <= before.timestampNanos()) {
            return Optional.empty();
        }
        return Optional.of(UsageNanoCores.between(before, now));
    }

    /** Forgets cgroups whose keys are not in {@code keys} (removed containers and pods). */
    void retain(Set<String> keys) {
        previous.keySet().retainAll(keys);
    }

    int size() {
        return previous.size();
    }
}

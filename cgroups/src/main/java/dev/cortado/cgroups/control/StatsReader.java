package dev.cortado.cgroups.control;

import dev.cortado.cgroups.CgroupFs;
import dev.cortado.cgroups.stats.CpuStat;
import dev.cortado.cgroups.stats.HugetlbStat;
import dev.cortado.cgroups.stats.IoStat;
import dev.cortado.cgroups.stats.MemoryEvents;
import dev.cortado.cgroups.stats.MemoryStat;
import dev.cortado.cgroups.stats.MemoryUsage;
import dev.cortado.cgroups.stats.PidsStat;
import dev.cortado.cgroups.stats.Psi;
import dev.cortado.cgroups.stats.StatFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a cgroup's stat files into a {@link CgroupStats}, skipping files that do not exist. */
final class StatsReader {
    private final CgroupFs fs;
    private final Ticker ticker;

    StatsReader(CgroupFs fs, Ticker ticker) {
        this.fs = fs;
        this.ticker = ticker;
    }

    CgroupStats read(Path dir, List<String> hugepageSizes) {
        long now = ticker.nanoTime();
        CpuStat cpu = CpuStat.parse(Files2.read(fs, dir.resolve("cpu.stat")));
        MemoryUsage memory = null;
        String current = Files2.readIfExists(fs, dir.resolve("memory.current"));
        if (current != null) {
            memory = new MemoryUsage(
                    StatFiles.singleValue(current, "memory.current"),
                    single(dir, "memory.peak"),
                    single(dir, "memory.swap.current"),
                    single(dir, "memory.swap.max"),
                    single(dir, "memory.max"),
                    MemoryStat.parse(Files2.read(fs, dir.resolve("memory.stat"))),
                    MemoryEvents.parse(Files2.read(fs, dir.resolve("memory.events"))));
        }
        PidsStat pids = null;
        String pidsCurrent = Files2.readIfExists(fs, dir.resolve("pids.current"));
        if (pidsCurrent != null) {
            pids = PidsStat.parse(pidsCurrent, Files2.read(fs, dir.resolve("pids.max")));
        }
        String ioStat = Files2.readIfExists(fs, dir.resolve("io.stat"));
        List<HugetlbStat> huge = new ArrayList<>();
        for (String size : hugepageSizes) {
            String cur = Files2.readIfExists(fs, dir.resolve("hugetlb." + size + ".current"));
            if (cur != null) {
                huge.add(HugetlbStat.parse(
                        size,
                        cur,
                        Files2.read(fs, dir.resolve("hugetlb." + size + ".max")),
                        Files2.readIfExists(fs, dir.resolve("hugetlb." + size + ".events"))));
            }
        }
        return new CgroupStats(
                cpu,
                memory,
                pids,
                ioStat == null ? null : IoStat.parse(ioStat),
                huge,
                psi(dir, "cpu.pressure"),
                psi(dir, "memory.pressure"),
                psi(dir, "io.pressure"),
                now);
    }

    /** Lists the hugepage sizes the kernel offers ({@code /sys/kernel/mm/hugepages/hugepages-2048kB} -> 2MB). */
    static List<String> hostHugepageSizes(Path sysHugepages) {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(sysHugepages)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(sysHugepages, "hugepages-*kB")) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                long kb = Long.parseLong(n.substring("hugepages-".length(), n.length() - 2));
                out.add(kb >= 1 << 20 ? (kb >> 20) + "GB" : kb >= 1 << 10 ? (kb >> 10) + "MB" : kb + "KB");
            }
        } catch (IOException | NumberFormatException e) {
            return out;
        }
        out.sort(null);
        return out;
    }

    private long single(Path dir, String file) {
        String v = Files2.readIfExists(fs, dir.resolve(file));
        return v == null ? -1 : StatFiles.singleValue(v, file);
    }

    private Psi psi(Path dir, String file) {
        String v = Files2.readIfExists(fs, dir.resolve(file));
        // Reading PSI files fails with EOPNOTSUPP when the kernel was booted with psi=0.
        return v == null || v.isBlank() ? null : Psi.parse(v, file);
    }
}

package dev.cortado.integration.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The stat files of one container cgroup as Linux 6.1 wrote them with every controller on
 * (cgroups/src/test/resources/samples/v2-linux-6.1; io.stat with three devices), laid out in a
 * temp dir like cgroupfs.
 */
final class CgroupFiles {
    static final List<Map.Entry<String, String>> FILES = List.of(
            Map.entry(
                    "cpu.stat",
                    "usage_usec 31827423\n"
                            + "user_usec 29501790\n"
                            + "system_usec 2325633\n"
                            + "nr_periods 696\n"
                            + "nr_throttled 626\n"
                            + "throttled_usec 33837667\n"
                            + "nr_bursts 0\n"
                            + "burst_usec 0\n"),
            Map.entry("memory.current", "454656\n"),
            Map.entry("memory.peak", "1253376\n"),
            Map.entry("memory.swap.current", "0\n"),
            Map.entry("memory.swap.max", "max\n"),
            Map.entry("memory.max", "99999744\n"),
            Map.entry(
                    "memory.stat",
                    "anon 0\n"
                            + "file 217088\n"
                            + "kernel 16384\n"
                            + "kernel_stack 0\n"
                            + "pagetables 0\n"
                            + "sec_pagetables 0\n"
                            + "percpu 0\n"
                            + "sock 0\n"
                            + "vmalloc 0\n"
                            + "shmem 0\n"
                            + "zswap 0\n"
                            + "zswapped 0\n"
                            + "file_mapped 0\n"
                            + "file_dirty 0\n"
                            + "file_writeback 0\n"
                            + "swapcached 0\n"
                            + "anon_thp 0\n"
                            + "file_thp 0\n"
                            + "shmem_thp 0\n"
                            + "inactive_anon 0\n"
                            + "active_anon 0\n"
                            + "inactive_file 204800\n"
                            + "active_file 12288\n"
                            + "unevictable 0\n"
                            + "slab_reclaimable 13240\n"
                            + "slab_unreclaimable 2784\n"
                            + "slab 16024\n"
                            + "workingset_refault_anon 0\n"
                            + "workingset_refault_file 0\n"
                            + "workingset_activate_anon 0\n"
                            + "workingset_activate_file 0\n"
                            + "workingset_restore_anon 0\n"
                            + "workingset_restore_file 0\n"
                            + "workingset_nodereclaim 0\n"
                            + "pgscan 0\n"
                            + "pgsteal 0\n"
                            + "pgscan_kswapd 0\n"
                            + "pgscan_direct 0\n"
                            + "pgsteal_kswapd 0\n"
                            + "pgsteal_direct 0\n"
                            + "pgfault 331\n"
                            + "pgmajfault 3\n"
                            + "pgrefill 0\n"
                            + "pgactivate 3\n"
                            + "pgdeactivate 0\n"
                            + "pglazyfree 0\n"
                            + "pglazyfreed 0\n"
                            + "zswpin 0\n"
                            + "zswpout 0\n"
                            + "thp_fault_alloc 0\n"
                            + "thp_collapse_alloc 0\n"),
            Map.entry(
                    "memory.events",
                    "low 0\n" + "high 0\n" + "max 0\n" + "oom 0\n" + "oom_kill 0\n" + "oom_group_kill 0\n"),
            Map.entry("pids.current", "0\n"),
            Map.entry(
                    "io.stat",
                    "8:16 rbytes=1459200 wbytes=314773504 rios=192 wios=353 dbytes=0 dios=0\n"
                            + "8:0 rbytes=90430464 wbytes=299008000 rios=8950 wios=1252 dbytes=50331648 dios=3021\n"
                            + "254:0 rbytes=6553600 wbytes=0 rios=100 wios=0 dbytes=0 dios=0\n"),
            Map.entry("pids.max", "100\n"),
            Map.entry(
                    "cpu.pressure",
                    "some avg10=35.33 avg60=30.78 avg300=9.66 total=31805968\n"
                            + "full avg10=35.33 avg60=30.78 avg300=9.66 total=31805049\n"),
            Map.entry(
                    "memory.pressure",
                    "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
                            + "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"),
            Map.entry(
                    "io.pressure",
                    "some avg10=0.04 avg60=2.57 avg300=1.34 total=5063544\n"
                            + "full avg10=0.04 avg60=2.57 avg300=1.34 total=5063544\n"));

    private CgroupFiles() {}

    /** Writes every file into {@code dir}, which is created. */
    static void writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, String> file : FILES) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue());
        }
    }

    static String content(String name) {
        return FILES.stream()
                .filter(f -> f.getKey().equals(name))
                .findFirst()
                .orElseThrow()
                .getValue();
    }
}

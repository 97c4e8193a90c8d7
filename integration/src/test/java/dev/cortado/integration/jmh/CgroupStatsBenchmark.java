package dev.cortado.integration.jmh;

import dev.cortado.cgroups.CgroupMode;
import dev.cortado.cgroups.CgroupPath;
import dev.cortado.cgroups.Hierarchy;
import dev.cortado.cgroups.RealCgroupFs;
import dev.cortado.cgroups.control.Cgroup;
import dev.cortado.cgroups.control.CgroupManager;
import dev.cortado.cgroups.control.CgroupStats;
import dev.cortado.cgroups.control.Signaller;
import dev.cortado.cgroups.control.Ticker;
import dev.cortado.cgroups.stats.CpuStat;
import dev.cortado.cgroups.stats.IoStat;
import dev.cortado.cgroups.stats.MemoryStat;
import dev.cortado.cgroups.stats.Psi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What ListContainerStats costs per container: {@link Cgroup#stats()} reading every stat file of
 * a container cgroup laid out like cgroupfs in a temp dir, and each parser alone on the content
 * of its file ({@code cpu.stat}, {@code memory.stat}, {@code io.stat}, a PSI file).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CgroupStatsBenchmark {
    static final CgroupPath CONTAINER = CgroupPath.parse("kubepods/pod-jmh/ctr-jmh");

    private Path root;
    private Cgroup cgroup;
    private final String cpuStat = CgroupFiles.content("cpu.stat");
    private final String memoryStat = CgroupFiles.content("memory.stat");
    private final String ioStat = CgroupFiles.content("io.stat");
    private final String cpuPressure = CgroupFiles.content("cpu.pressure");

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        root = Files.createTempDirectory("jmh-cgroupfs-");
        Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
        CgroupFiles.writeTo(CONTAINER.resolve(root));
        Hierarchy hierarchy =
                new Hierarchy(CgroupMode.UNIFIED, root, Set.of("cpuset", "cpu", "io", "memory", "hugetlb", "pids"));
        cgroup = new CgroupManager(new RealCgroupFs(), hierarchy, Ticker.system(), Signaller.processHandles())
                .open(CONTAINER);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Trees.delete(root);
    }

    /** Every stat file of the container read and parsed. */
    @Benchmark
    public CgroupStats stats() {
        return cgroup.stats();
    }

    @Benchmark
    public CpuStat parseCpuStat(Bytes bytes) {
        bytes.add(cpuStat.length());
        return CpuStat.parse(cpuStat);
    }

    @Benchmark
    public MemoryStat parseMemoryStat(Bytes bytes) {
        bytes.add(memoryStat.length());
        return MemoryStat.parse(memoryStat);
    }

    @Benchmark
    public IoStat parseIoStat(Bytes bytes) {
        bytes.add(ioStat.length());
        return IoStat.parse(ioStat);
    }

    @Benchmark
    public Psi parsePsi(Bytes bytes) {
        bytes.add(cpuPressure.length());
        return Psi.parse(cpuPressure, "cpu.pressure");
    }
}

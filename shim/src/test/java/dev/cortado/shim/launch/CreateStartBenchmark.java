package dev.cortado.shim.launch;

import dev.cortado.shim.linux.LibSeccomp;
import dev.cortado.shim.linux.LibcSyscalls;
import dev.cortado.shim.process.Monitor;
import dev.cortado.shim.spec.Spec;
import dev.cortado.shim.spec.SpecReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Not a test: times create+start+exit of {@code true} in a busybox bundle with the launcher
 * (warm JVM) and with {@code crun run} on the same bundle. Args: bundle dir, iterations.
 */
public final class CreateStartBenchmark {
    private CreateStartBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path bundle = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        LibcSyscalls sys = new LibcSyscalls();
        Launcher launcher = new Launcher(
                sys, new PlanBuilder(new LibSeccomp(sys), Host.CGROUP2), InitBinary.locate(bundle.resolve("bin")));
        Spec spec = new SpecReader().read(bundle);
        Path cgroups = Host.CGROUP2.resolve("cortado-bench");
        Files.createDirectories(cgroups);
        List<Long> ours = new ArrayList<>();
        List<Long> crun = new ArrayList<>();
        List<Long> create = new ArrayList<>();
        List<Long> start = new ArrayList<>();
        for (int i = 0; i < n + 5; i++) {
            Spec s = spec.withLinux(spec.linux().withCgroupsPath("/cortado-bench/b" + i));
            long t0 = System.nanoTime();
            Monitor m = launcher.create("b" + i, s, bundle.resolve("state/b" + i));
            long tc = System.nanoTime();
            m.start();
            long ts = System.nanoTime();
            m.waitForExit();
            long t1 = System.nanoTime();
            if (i >= 5) {
                create.add(tc - t0);
                start.add(ts - tc);
            }
            m.delete();
            Files.delete(cgroups.resolve("b" + i));
            long t2 = System.nanoTime();
            Process p = new ProcessBuilder(
                            "crun", "--cgroup-manager=disabled", "run", "-b", bundle.toString(), "crun-bench-" + i)
                    .inheritIO()
                    .start();
            p.waitFor();
            long t3 = System.nanoTime();
            if (i >= 5) { // the first runs warm up the JIT and the page cache
                ours.add(t1 - t0);
                crun.add(t3 - t2);
            }
        }
        Files.delete(cgroups);
        System.out.printf(
                "cortado create+start+exit: median %.2f ms, min %.2f ms (n=%d)%n",
                median(ours), Collections.min(ours) / 1e6, n);
        System.out.printf("  of which create: median %.2f ms, start: median %.2f ms%n", median(create), median(start));
        System.out.printf(
                "crun run:                  median %.2f ms, min %.2f ms (n=%d)%n",
                median(crun), Collections.min(crun) / 1e6, n);
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2) / 1e6;
    }
}

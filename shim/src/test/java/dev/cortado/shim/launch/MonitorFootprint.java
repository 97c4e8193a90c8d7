package dev.cortado.shim.launch;

import dev.cortado.shim.linux.LibSeccomp;
import dev.cortado.shim.linux.LibcSyscalls;
import dev.cortado.shim.process.Monitor;
import dev.cortado.shim.spec.Spec;
import dev.cortado.shim.spec.SpecReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Not a test: starts one idle container from a bundle and prints its monitor's RSS and CPU time. */
public final class MonitorFootprint {
    private MonitorFootprint() {}

    public static void main(String[] args) throws Exception {
        Path bundle = Path.of(args[0]);
        LibcSyscalls sys = new LibcSyscalls();
        Launcher launcher = new Launcher(
                sys, new PlanBuilder(new LibSeccomp(sys), Host.CGROUP2), InitBinary.locate(bundle.resolve("bin")));
        Spec spec = new SpecReader().read(bundle);
        spec = spec.withLinux(spec.linux().withCgroupsPath("/cortado-footprint"));
        spec = spec.withProcess(new dev.cortado.shim.spec.ProcessSpec(
                false,
                spec.process().user(),
                List.of("sh", "-c", "read x"),
                spec.process().env(),
                "/",
                spec.process().capabilities(),
                List.of(),
                false,
                null));
        Monitor m = launcher.create("footprint", spec, bundle.resolve("state/footprint"));
        m.start();
        Thread.sleep(2000);
        ProcessHandle.allProcesses()
                .filter(p -> p.info().command().orElse("").endsWith("cortado-init"))
                .forEach(p -> {
                    try {
                        String status = Files.readString(Path.of("/proc/" + p.pid() + "/status"));
                        String rss = status.lines()
                                .filter(l -> l.startsWith("VmRSS"))
                                .findFirst()
                                .orElse("");
                        String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        System.out.println("monitor " + p.pid() + " " + rss.replaceAll("\\s+", " ")
                                + " utime+stime ticks " + (Long.parseLong(f[11]) + Long.parseLong(f[12])));
                    } catch (Exception e) {
                        System.out.println("monitor " + p.pid() + ": " + e);
                    }
                });
        m.kill(9);
        m.waitForExit();
        m.delete();
        Files.delete(Host.CGROUP2.resolve("cortado-footprint"));
    }
}

package dev.cortado.shim.launch;

import dev.cortado.shim.linux.LibSeccomp;
import dev.cortado.shim.linux.LibcSyscalls;
import dev.cortado.shim.process.Monitor;
import dev.cortado.shim.spec.DefaultSpec;
import dev.cortado.shim.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A separate JVM for {@link MonitorLifetimeTest}: becomes a child subreaper (as a containerd
 * shim does), runs a container to its end, deletes it, and prints whether the monitor's
 * process is gone ("monitor gone") or left behind ("monitor left: STATE").
 *
 * <p>Arguments: rootfs, state dir, cgroups path, scratch dir.
 */
public final class SubreaperChild {
    private SubreaperChild() {}

    public static void main(String[] args) throws Exception {
        LibcSyscalls sys = new LibcSyscalls();
        sys.becomeChildSubreaper();
        Launcher launcher = new Launcher(
                sys, new PlanBuilder(new LibSeccomp(sys), Host.CGROUP2), InitBinary.locate(Path.of(args[3])));
        Spec spec = DefaultSpec.of(args[0], List.of("sh", "-c", "read x"));
        Monitor monitor =
                launcher.create("reaped", spec.withLinux(spec.linux().withCgroupsPath(args[2])), Path.of(args[1]));
        monitor.start();
        int monitorPid = MonitorLifetimeTest.parentOf(monitor.state().pid());
        monitor.kill(9);
        monitor.waitForExit();
        monitor.delete();
        Path stat = Path.of("/proc/" + monitorPid + "/stat");
        System.out.println(Files.exists(stat) ? "monitor left: " + Files.readString(stat) : "monitor gone");
    }
}

package dev.cortado.shim.launch;

import dev.cortado.shim.linux.LibSeccomp;
import dev.cortado.shim.linux.LibcSyscalls;
import dev.cortado.shim.process.Monitor;
import dev.cortado.shim.spec.DefaultSpec;
import dev.cortado.shim.spec.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A separate JVM for {@link ReadoptionTest}: creates and starts a container, says "started",
 * and waits to be killed with SIGKILL.
 *
 * <p>Arguments: rootfs, state dir, cgroups path, shared host dir, scratch dir[, script].
 */
public final class AdoptionChild {
    static final String SCRIPT = "echo before; while [ ! -e /shared/go ]; do sleep 0.1; done; echo after; exit 3";

    private AdoptionChild() {}

    public static void main(String[] args) throws Exception {
        LibcSyscalls sys = new LibcSyscalls();
        Launcher launcher = new Launcher(
                sys, new PlanBuilder(new LibSeccomp(sys), Host.CGROUP2), InitBinary.locate(Path.of(args[4])));
        Spec spec = DefaultSpec.of(args[0], List.of("sh", "-c", args.length > 5 ? args[5] : SCRIPT));
        List<Spec.Mount> mounts = new ArrayList<>(spec.mounts());
        mounts.add(new Spec.Mount("/shared", "bind", args[3], List.of("rbind")));
        spec = spec.withMounts(mounts).withLinux(spec.linux().withCgroupsPath(args[2]));
        Monitor monitor = launcher.create("adopted", spec, Path.of(args[1]));
        monitor.start();
        System.out.println("started");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}

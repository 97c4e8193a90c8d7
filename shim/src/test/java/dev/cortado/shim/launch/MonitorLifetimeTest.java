package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.shim.linux.LibSeccomp;
import dev.cortado.shim.process.Monitor;
import dev.cortado.shim.spec.DefaultSpec;
import dev.cortado.shim.spec.Spec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Privileged: monitors outlive neither their delete (no zombie, even under a subreaper shim)
 * nor need the shim's cgroup (they can live in their own, so stopping the shim's service
 * leaves them running).
 */
class MonitorLifetimeTest extends PrivilegedLauncherFixture {
    /** The parent pid field of /proc/PID/stat (after the parenthesised command name). */
    static int parentOf(int pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
    }

    @Test
    void deletedMonitor_ofASubreaperShim_isReapedByDelete() throws Exception {
        String cgroupsPath = "/" + containers.cgroupParent.getFileName() + "/reaped";
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        SubreaperChild.class.getName(),
                        rootfs.toString(),
                        tmp.resolve("state/reaped").toString(),
                        cgroupsPath,
                        tmp.resolve("bin").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String line;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            line = out.readLine();
        }

        assertThat(child.waitFor()).isZero();
        assertThat(line).isEqualTo("monitor gone");
    }

    @Test
    void monitorCgroup_holdsTheMonitorInsteadOfTheShimsCgroup() throws Exception {
        Path monitors = Files.createDirectory(containers.cgroupParent.resolve("monitors"));
        Launcher launcher = new Launcher(
                containers.sys,
                new PlanBuilder(new LibSeccomp(containers.sys), Host.CGROUP2),
                InitBinary.locate(tmp.resolve("bin")),
                monitors);
        Spec spec = containers.inCgroup(DefaultSpec.of(rootfs.toString(), List.of("sleep", "1000")));
        String ownCgroup = Files.readString(Path.of("/proc/self/cgroup"));

        Monitor m = launcher.create("m1", spec, tmp.resolve("state/m1"));
        containers.track(m);
        m.start();
        int monitorPid = parentOf(m.state().pid());

        String expected = "0::/" + Host.CGROUP2.relativize(monitors);
        assertThat(Files.readString(Path.of("/proc/" + monitorPid + "/cgroup")).lines())
                .contains(expected);
        assertThat(Files.readString(Path.of(monitors.resolve("cgroup.procs").toString()))
                        .trim())
                .isEqualTo(Integer.toString(monitorPid));
        assertThat(Files.readString(Path.of("/proc/self/cgroup"))).isEqualTo(ownCgroup);
    }
}

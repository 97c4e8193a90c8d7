package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.shim.process.ContainerIo;
import dev.cortado.shim.process.Monitor;
import dev.cortado.shim.spec.DefaultSpec;
import dev.cortado.shim.spec.ProcessSpec;
import dev.cortado.shim.spec.Spec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Privileged: an exec joins the running container's namespaces and cgroup, confined alike. */
class ExecTest extends PrivilegedLauncherFixture {
    private Spec container;

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(rootfs.resolve("etc/marker"), "inside\n");
        container = containers.inCgroup(DefaultSpec.of(rootfs.toString(), List.of("sleep", "1000")));
    }

    @Test
    void exec_joinsNamespacesCgroupAndConfinement() throws Exception {
        Monitor init = containers.create(container);
        init.start();
        int pid = init.state().pid();
        ProcessSpec p = container.process();
        ProcessSpec probe = p.toBuilder()
                .terminal(false)
                .args(List.of(
                        "sh",
                        "-c",
                        String.join(
                                "; ",
                                "cat /etc/marker",
                                "grep -E '^(Seccomp|CapEff):' /proc/self/status | tr -d '\\t'",
                                "cat /proc/1/cmdline | tr '\\0' ' '; echo",
                                "ls /proc/self/fd | tr '\\n' ' '; echo",
                                "exit 5")))
                .cwd("/")
                .noNewPrivileges(false)
                .oomScoreAdj(null)
                .build();

        Monitor exec = containers.launcher.exec("e1", container, init, probe, tmp.resolve("state/e1"));
        containers.track(exec);
        int execPid = exec.state().pid();
        for (String ns : List.of("mnt", "net", "pid", "ipc", "uts", "cgroup")) {
            assertThat(Files.readSymbolicLink(Path.of("/proc/" + execPid + "/ns/" + ns)))
                    .as(ns)
                    .isEqualTo(Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/" + ns)));
        }
        String out;
        try (ContainerIo io = exec.stdio()) {
            exec.start();
            out = new String(io.stdout().readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(out).contains("inside\n", "Seccomp:2\n", "CapEff:00000000a80425fb\n", "sleep 1000 \n");
        assertThat(out).contains("0 1 2 3 \n"); // ls's own directory fd is 3
        assertThat(exec.waitForExit().code()).isEqualTo(5);
        Path cgroup = Host.CGROUP2.resolve(container.linux().cgroupsPath().substring(1));
        assertThat(Files.readString(cgroup.resolve("cgroup.procs")).trim()).isEqualTo(Integer.toString(pid));
    }

    @Test
    void exec_intoExitedContainer_isRefused() throws Exception {
        Monitor init = containers.create(container.withProcess(ProcessSpec.builder()
                .user(container.process().user())
                .args(List.of("true"))
                .env(container.process().env())
                .capabilities(container.process().capabilities())
                .build()));
        init.start();
        init.waitForExit();

        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        containers.launcher.exec("e1", container, init, container.process(), tmp.resolve("state/e1")))
                .isInstanceOf(dev.cortado.errors.CortadoException.class)
                .hasMessageContaining("exited");
    }
}

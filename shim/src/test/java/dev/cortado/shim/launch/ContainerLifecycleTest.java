package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.shim.process.ContainerIo;
import dev.cortado.shim.process.Monitor;
import dev.cortado.shim.process.TaskState.Status;
import dev.cortado.shim.spec.DefaultSpec;
import dev.cortado.shim.spec.LinuxSpec;
import dev.cortado.shim.spec.ProcessSpec;
import dev.cortado.shim.spec.Spec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Privileged: create, start, output, exit codes and signals of real containers. */
class ContainerLifecycleTest extends PrivilegedLauncherFixture {
    @Test
    void run_exitCode_isReported() throws Exception {
        assertThat(containers.run(shell("exit 7")).code()).isEqualTo(7);
    }

    @Test
    void run_stdoutAndStderr_areSeparate() throws Exception {
        Containers.Result r = containers.run(shell("echo out; echo err >&2"));

        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
    }

    @Test
    void stdin_reachesTheProcess() throws Exception {
        Monitor m = containers.create(DefaultSpec.of(rootfs.toString(), List.of("cat")));
        try (ContainerIo io = m.stdio()) {
            m.start();
            io.stdin().write("hello\n".getBytes(StandardCharsets.UTF_8));
            io.stdin().close();
            m.closeStdin();
            assertThat(new String(io.stdout().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("hello\n");
        }
        assertThat(m.waitForExit().code()).isZero();
    }

    @Test
    void kill_sigkill_givesExitCode137() throws Exception {
        Monitor m = containers.create(shell("sleep 1000"));
        m.start();
        m.kill(9);

        assertThat(m.waitForExit().code()).isEqualTo(128 + 9);
    }

    @Test
    void kill_sigtermToNonInitProcess_gives143() throws Exception {
        // without a new pid namespace the process is not an init, so SIGTERM's default applies
        Spec spec = DefaultSpec.of(rootfs.toString(), List.of("sleep", "1000"));
        spec = spec.withLinux(spec.linux()
                .withNamespaces(spec.linux().namespaces().stream()
                        .filter(n -> !n.type().equals("pid"))
                        .toList()));
        Monitor m = containers.create(spec);
        m.start();
        m.kill(15);

        assertThat(m.waitForExit().code()).isEqualTo(128 + 15);
    }

    @Test
    void state_goesCreatedRunningExited_andExitFileIsWritten() throws Exception {
        Monitor m = containers.create(shell("read x; exit 4"));
        assertThat(m.state().status()).isEqualTo(Status.CREATED);
        int pid = m.state().pid();
        m.start();
        assertThat(m.state().status()).isEqualTo(Status.RUNNING);
        assertThat(m.state().pid()).isEqualTo(pid);
        m.closeStdin();

        assertThat(m.waitForExit().code()).isEqualTo(4);
        assertThat(m.state().status()).isEqualTo(Status.EXITED);
        assertThat(Files.readString(m.stateDir().resolve("exit"))).startsWith("4 ");
    }

    @Test
    void create_pidJoinsTheCgroupBeforeStart() throws Exception {
        Spec spec = containers.inCgroup(shell("exit 0"));
        Monitor m = containers.create(spec);
        Path cgroup = Host.CGROUP2.resolve(spec.linux().cgroupsPath().substring(1));

        assertThat(Files.readString(cgroup.resolve("cgroup.procs")).trim())
                .isEqualTo(Integer.toString(m.state().pid()));
    }

    @Test
    void create_missingExecutable_failsNamingIt() {
        assertThatThrownBy(() -> containers.create(DefaultSpec.of(rootfs.toString(), List.of("nosuchcmd"))))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("nosuchcmd");
    }

    @Test
    void start_twice_isRefused() throws Exception {
        Monitor m = containers.create(shell("sleep 1000"));
        m.start();

        assertThatThrownBy(m::start).isInstanceOf(CortadoException.class).hasMessageContaining("created state");
    }

    @Test
    void delete_whileRunning_isRefused() throws Exception {
        Monitor m = containers.create(shell("sleep 1000"));
        m.start();

        assertThatThrownBy(m::delete).isInstanceOf(CortadoException.class).hasMessageContaining("running");
    }

    @Test
    void create_joinedNetworkNamespace_isShared() throws Exception {
        Monitor first = containers.create(shell("sleep 1000"));
        first.start();
        Path firstNet = Path.of("/proc/" + first.state().pid() + "/ns/net");
        Spec spec = shell("sleep 1000");
        List<LinuxSpec.Namespace> ns = new java.util.ArrayList<>(spec.linux().namespaces().stream()
                .filter(n -> !n.type().equals("network"))
                .toList());
        ns.add(new LinuxSpec.Namespace("network", firstNet.toString()));
        Monitor second = containers.create(spec.withLinux(spec.linux().withNamespaces(ns)));

        Path secondNet = Path.of("/proc/" + second.state().pid() + "/ns/net");
        assertThat(Files.readSymbolicLink(secondNet)).isEqualTo(Files.readSymbolicLink(firstNet));
    }

    @Test
    void hostNetworkAndIpc_noNewNamespaceMeansTheHosts() throws Exception {
        Spec spec = shell("sleep 1000");
        spec = spec.withLinux(spec.linux()
                .withNamespaces(spec.linux().namespaces().stream()
                        .filter(n -> !n.type().equals("network") && !n.type().equals("ipc"))
                        .toList()));
        Monitor m = containers.create(spec);
        Path proc = Path.of("/proc/" + m.state().pid() + "/ns");

        assertThat(Files.readSymbolicLink(proc.resolve("net")))
                .isEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/net")));
        assertThat(Files.readSymbolicLink(proc.resolve("ipc")))
                .isEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/ipc")));
        assertThat(Files.readSymbolicLink(proc.resolve("uts")))
                .isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/uts")));
        assertThat(Files.readSymbolicLink(proc.resolve("mnt")))
                .isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")));
    }

    @Test
    void readonlyRootfs_refusesWrites() throws Exception {
        Spec spec = shell("touch /x 2>&1; echo rc=$?");
        spec = new Spec(
                spec.process(), new Spec.Root(rootfs.toString(), true), null, null, spec.mounts(), spec.linux());

        assertThat(containers.run(spec).stdout())
                .contains("Read-only file system")
                .endsWith("rc=1\n");
        assertThat(rootfs.resolve("x")).doesNotExist();
    }

    @Test
    void rlimitsAndOomScore_areApplied() throws Exception {
        Spec spec = shell("ulimit -n; cat /proc/self/oom_score_adj");
        ProcessSpec p = spec.process();
        spec = spec.withProcess(p.toBuilder()
                .terminal(false)
                .rlimits(List.of(new ProcessSpec.Rlimit("RLIMIT_NOFILE", 512, 256)))
                .noNewPrivileges(false)
                .oomScoreAdj(500)
                .build());

        assertThat(containers.run(spec).stdout()).isEqualTo("256\n500\n");
    }
}

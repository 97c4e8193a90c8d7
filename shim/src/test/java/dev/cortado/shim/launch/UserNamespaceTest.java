package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.shim.process.Monitor;
import dev.cortado.shim.spec.DefaultSpec;
import dev.cortado.shim.spec.LinuxSpec.IdMapping;
import dev.cortado.shim.spec.Spec;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Privileged: a container in a new user namespace is root inside and 100000 on the host. */
class UserNamespaceTest extends PrivilegedLauncherFixture {
    private static final int HOST_ID = 100000;

    private Spec spec;

    @BeforeEach
    void setUp() throws Exception {
        // a shifted image, as a runtime prepares it for a user namespace (or an idmapped mount)
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        try (var files = Files.walk(rootfs)) {
            for (Path f : files.toList()) {
                Files.setAttribute(f, "unix:uid", HOST_ID, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(f, "unix:gid", HOST_ID, LinkOption.NOFOLLOW_LINKS);
            }
        }
        Spec s = DefaultSpec.of(
                rootfs.toString(),
                List.of(
                        "sh",
                        "-c",
                        "cat /proc/self/uid_map /proc/self/gid_map | tr -s ' '; id; grep CapEff /proc/self/status;"
                                + " echo ok >/dev/null && echo devnull; touch /tmp/x && ls -n /tmp/x | tr -s ' ' | cut -d' ' -f3,4"));
        spec = s.withLinux(s.linux()
                .withUserNamespace(
                        List.of(new IdMapping(0, HOST_ID, 65536)), List.of(new IdMapping(0, HOST_ID, 65536))));
    }

    @Test
    void userNamespace_rootInsideIsMappedOutside() throws Exception {
        Containers.Result r = containers.run(spec);

        assertThat(r.code()).as(r.stderr()).isZero();
        assertThat(r.stdout())
                .isEqualTo(" 0 100000 65536\n 0 100000 65536\nuid=0 gid=0\n"
                        + "CapEff:\t00000000a80425fb\ndevnull\n0 0\n");
        assertThat(Files.getAttribute(tmp.resolve("rootfs/tmp/x"), "unix:uid")).isEqualTo(HOST_ID);
    }

    @Test
    void userNamespace_hostSeesTheMappedUid() throws Exception {
        Monitor m = containers.create(spec.withProcess(withArgs(spec, "read x")));
        m.start();

        String status = Files.readString(Path.of("/proc/" + m.state().pid() + "/status"));
        assertThat(status).containsPattern("Uid:\\s+100000\\s+100000\\s+100000\\s+100000");
    }

    @Test
    void secondContainer_joinsTheFirstsUserNamespaceByPath() throws Exception {
        Monitor first = containers.create(spec.withProcess(withArgs(spec, "read x")));
        first.start();
        String firstNs = Files.readSymbolicLink(Path.of("/proc/" + first.state().pid() + "/ns/user"))
                .toString();
        Spec s =
                spec.withProcess(withArgs(spec, "readlink /proc/self/ns/user; cat /proc/self/uid_map | tr -s ' '; id"));
        java.util.List<dev.cortado.shim.spec.LinuxSpec.Namespace> ns =
                new java.util.ArrayList<>(s.linux().namespaces());
        ns.replaceAll(n -> n.type().equals("user")
                ? new dev.cortado.shim.spec.LinuxSpec.Namespace(
                        "user", "/proc/" + first.state().pid() + "/ns/user")
                : n);
        // a pod's container: its own mount, pid, uts, ipc, net and cgroup namespaces, owned by the shared userns
        Spec joining = s.withLinux(s.linux().withNamespaces(ns));

        Containers.Result r = containers.run(joining);

        assertThat(r.code()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo(firstNs + "\n 0 100000 65536\nuid=0 gid=0\n");
    }

    @Test
    void exec_joinsTheContainersUserNamespace() throws Exception {
        Spec container = containers.inCgroup(spec.withProcess(withArgs(spec, "read x")));
        Monitor init = containers.create(container);
        init.start();
        String initNs = Files.readSymbolicLink(Path.of("/proc/" + init.state().pid() + "/ns/user"))
                .toString();
        Monitor exec = containers.launcher.exec(
                "e1", container, init, withArgs(spec, "readlink /proc/self/ns/user; id"), tmp.resolve("state/e1"));
        containers.track(exec);

        String out;
        try (dev.cortado.shim.process.ContainerIo io = exec.stdio()) {
            exec.start();
            out = new String(io.stdout().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }

        assertThat(out).isEqualTo(initNs + "\nuid=0 gid=0\n");
        assertThat(exec.waitForExit().code()).isZero();
    }

    private static dev.cortado.shim.spec.ProcessSpec withArgs(Spec s, String script) {
        var p = s.process();
        return new dev.cortado.shim.spec.ProcessSpec(
                false,
                p.user(),
                List.of("sh", "-c", script),
                p.env(),
                p.cwd(),
                p.capabilities(),
                p.rlimits(),
                p.noNewPrivileges(),
                p.oomScoreAdj());
    }
}

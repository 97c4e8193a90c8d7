package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.shim.spec.DefaultSpec;
import dev.cortado.shim.spec.ProcessSpec;
import dev.cortado.shim.spec.RuntimeDefaultSeccomp;
import dev.cortado.shim.spec.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Privileged: busybox under containerd's RuntimeDefault allow list (research/reliability.md
 * §2.6, A12): ordinary commands work, calls outside the list fail with EPERM even where the
 * kernel would allow them, and CAP_SYS_ADMIN in the bounding set opens mount.
 */
class RuntimeDefaultContainerTest extends PrivilegedLauncherFixture {
    private Spec spec;

    @BeforeEach
    void setUp() {
        spec = DefaultSpec.of(rootfs.toString(), List.of("true"));
    }

    @Test
    void ordinaryBusyboxCommands_run() throws Exception {
        Containers.Result r = containers.run(spec.withProcess(script(
                spec.process(),
                String.join(
                        " && ",
                        "mkdir -p /tmp/d/e",
                        "ln -s /tmp/d /tmp/l",
                        "chmod 700 /tmp/d",
                        "ls /tmp/l >/dev/null",
                        "cat /proc/self/status >/dev/null",
                        "ps >/dev/null",
                        "sleep 0.01",
                        "linux32 true",
                        "echo hi | sed s/h/H/ | grep -q Hi",
                        "(wget --help 2>&1 | grep -q Usage)",
                        "echo ok"))));

        assertThat(r.stdout()).as("stderr: %s", r.stderr()).isEqualTo("ok\n");
        assertThat(r.code()).isZero();
    }

    @Test
    void callsOutsideTheList_failWithEperm() throws Exception {
        // unshare(CLONE_NEWUSER) needs no capability, so only the filter can refuse it
        Containers.Result r = containers.run(spec.withProcess(
                script(spec.process(), "unshare -U true; nsenter -t 1 -u true; hostname nope; mount -t tmpfs t /tmp")));

        assertThat(r.stderr())
                .contains("unshare: unshare(0x10000000): Operation not permitted")
                .contains("setns(): can't reassociate to namespace 'uts': Operation not permitted")
                .contains("sethostname: Operation not permitted")
                .contains("mount: permission denied"); // busybox's words for EPERM
    }

    @Test
    void syscallsBusyboxCannotMake_getTheProfilesAnswers() throws Exception {
        Path probe = tmp.resolve("rootfs/bin/sysprobe");
        Process gcc = new ProcessBuilder(
                        "gcc",
                        "-O2",
                        "-static",
                        "-o",
                        probe.toString(),
                        Path.of("src/test/c/sysprobe.c").toAbsolutePath().toString())
                .inheritIO()
                .start();
        org.junit.jupiter.api.Assumptions.assumeTrue(gcc.waitFor() == 0, "needs gcc with a static libc for the probe");

        Containers.Result r = containers.run(spec.withProcess(script(spec.process(), "/bin/sysprobe")));

        // EPERM = 1, ENOSYS = 38 (clone3: so libc falls back to clone, whose flags the filter sees)
        assertThat(r.stdout().lines())
                .as("stderr: %s", r.stderr())
                .containsExactly(
                        "keyctl=1",
                        "add_key=1",
                        "clone3=38",
                        "personality_norandom=1",
                        "personality_query=0",
                        "getpid=0");
    }

    @Test
    void sysAdminCapabilityWithoutItsRules_mountIsRefusedByTheFilter() throws Exception {
        // the kernel would allow this mount (the process holds CAP_SYS_ADMIN): EPERM is the filter
        Containers.Result r = containers.run(
                withAdmin(spec, RuntimeDefaultSeccomp.profile(), "mkdir -p /tmp/m && mount -t tmpfs t /tmp/m"));

        assertThat(r.code()).isNotZero();
        assertThat(r.stderr()).contains("mount: permission denied"); // busybox's words for EPERM
    }

    @Test
    void sysAdminInTheBoundingSet_allowsMount() throws Exception {
        List<String> caps = adminCaps();
        Containers.Result r = containers.run(withAdmin(
                spec,
                RuntimeDefaultSeccomp.profile(caps),
                "mkdir -p /tmp/m && mount -t tmpfs t /tmp/m && grep -c ' /tmp/m ' /proc/self/mountinfo"));

        assertThat(r.stdout()).as("stderr: %s", r.stderr()).isEqualTo("1\n");
        assertThat(r.code()).isZero();
    }

    private static List<String> adminCaps() {
        List<String> caps = new ArrayList<>(DefaultSpec.CAPABILITIES);
        caps.add("CAP_SYS_ADMIN");
        return caps;
    }

    private static Spec withAdmin(Spec spec, dev.cortado.shim.spec.SeccompProfile profile, String sh) {
        List<String> caps = adminCaps();
        ProcessSpec p = spec.process();
        ProcessSpec admin = p.toBuilder()
                .args(List.of("sh", "-c", sh))
                .capabilities(new ProcessSpec.Capabilities(caps, caps, List.of(), caps, List.of()))
                .build();
        return spec.withProcess(admin).withLinux(spec.linux().withSeccomp(profile));
    }

    private static ProcessSpec script(ProcessSpec p, String sh) {
        return p.toBuilder().args(List.of("sh", "-c", sh)).build();
    }
}

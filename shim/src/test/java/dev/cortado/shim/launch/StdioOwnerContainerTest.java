package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.shim.process.ContainerIo;
import dev.cortado.shim.process.Monitor;
import dev.cortado.shim.spec.ProcessSpec;
import dev.cortado.shim.spec.Spec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Privileged: a process that is not root can reopen its stdio through /proc/self/fd
 * ({@code /dev/stdout}) only when its pipes belong to its {@link StdioOwner} (io_uid/io_gid).
 */
class StdioOwnerContainerTest extends PrivilegedLauncherFixture {
    private static final Optional<StdioOwner> OWNER = Optional.of(new StdioOwner(1000, 1000));
    private static final String REOPEN = "echo hi > /proc/self/fd/1";
    private static final String OWNED_REOPEN = "stat -L -c %u:%g /proc/self/fd/0 /proc/self/fd/2; " + REOPEN;

    /** Uid and gid 1000 with no capabilities: CAP_DAC_OVERRIDE would open a root-owned pipe anyway. */
    private ProcessSpec user1000(String script) {
        ProcessSpec p = shell(script).process();
        return ProcessSpec.builder()
                .user(new ProcessSpec.User(1000, 1000, List.of()))
                .args(p.args())
                .env(p.env())
                .cwd("/")
                .capabilities(ProcessSpec.Capabilities.none())
                .rlimits(p.rlimits())
                .build();
    }

    private Spec asUser1000(String script) {
        return shell(script).withProcess(user1000(script));
    }

    private Containers.Result exec(String script, Optional<StdioOwner> owner) throws Exception {
        Spec container = containers.inCgroup(shell("sleep 1000"));
        Monitor init = containers.create(container);
        init.start();
        Monitor exec = containers.launcher.exec(
                "e1",
                container,
                init,
                user1000(script),
                tmp.resolve("state/e1"),
                new LaunchOptions(owner, Optional.empty()));
        containers.track(exec);
        return containers.finish(exec);
    }

    @Test
    void create_withoutOwner_reopeningStdoutIsDenied() throws Exception {
        Containers.Result r = containers.run(asUser1000(REOPEN));

        assertThat(r.code()).isNotZero();
        assertThat(r.stderr()).contains("Permission denied");
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void create_withOwner_reopenedStdoutReachesTheShim() throws Exception {
        Containers.Result r = containers.run(asUser1000(OWNED_REOPEN), OWNER);

        assertThat(r.stdout()).as("stderr: %s", r.stderr()).isEqualTo("1000:1000\n1000:1000\nhi\n");
        assertThat(r.code()).isZero();
    }

    @Test
    void exec_withoutOwner_reopeningStdoutIsDenied() throws Exception {
        Containers.Result r = exec(REOPEN, Optional.empty());

        assertThat(r.code()).isNotZero();
        assertThat(r.stderr()).contains("Permission denied");
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void exec_withOwner_reopenedStdoutReachesTheShim() throws Exception {
        Containers.Result r = exec(OWNED_REOPEN, OWNER);

        assertThat(r.stdout()).as("stderr: %s", r.stderr()).isEqualTo("1000:1000\n1000:1000\nhi\n");
        assertThat(r.code()).isZero();
    }

    @Test
    void terminal_withOwner_leavesThePtyToRoot() throws Exception {
        Spec s = shell("stat -L -c owner=%u /proc/self/fd/0");
        ProcessSpec p = s.process();
        Spec terminal = s.withProcess(p.toBuilder().terminal(true).build());
        Monitor m = containers.create(terminal, OWNER);
        try (ContainerIo io = m.stdio()) {
            m.start();
            // a pty master reads the hangup (EIO) as EOF
            assertThat(new String(io.stdout().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("owner=0");
        }
        assertThat(m.waitForExit().code()).isZero();
    }
}

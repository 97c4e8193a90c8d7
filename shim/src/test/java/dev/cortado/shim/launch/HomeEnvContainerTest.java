package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.shim.spec.ProcessSpec;
import dev.cortado.shim.spec.Spec;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Privileged: as runc, a process whose env has no HOME gets its user's home from the
 * container's /etc/passwd ("/" without an entry); a HOME in the env is kept.
 */
class HomeEnvContainerTest extends PrivilegedLauncherFixture {
    private static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000:A User:/home/user:/bin/sh\n";

    private Spec as(long uid, List<String> extraEnv, String script) {
        ProcessSpec p = shell(script).process();
        List<String> env = new ArrayList<>(p.env());
        env.addAll(extraEnv);
        return shell(script)
                .withProcess(ProcessSpec.builder()
                        .user(new ProcessSpec.User(uid, uid, List.of()))
                        .args(p.args())
                        .env(env)
                        .cwd("/")
                        .capabilities(uid == 0 ? p.capabilities() : ProcessSpec.Capabilities.none())
                        .rlimits(p.rlimits())
                        .build());
    }

    @Test
    void home_comesFromThePasswdEntryOfTheUser() throws Exception {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), PASSWD);

        assertThat(containers.run(as(0, List.of(), "echo $HOME")).stdout()).isEqualTo("/root\n");
        assertThat(containers.run(as(1000, List.of(), "echo $HOME")).stdout()).isEqualTo("/home/user\n");
        assertThat(containers.run(as(4321, List.of(), "echo $HOME")).stdout()).isEqualTo("/\n");
    }

    @Test
    void homeInTheEnv_isKept_andNoPasswdMeansSlash() throws Exception {
        Files.deleteIfExists(rootfs.resolve("etc/passwd"));
        assertThat(containers.run(as(0, List.of("HOME=/custom"), "echo $HOME")).stdout())
                .isEqualTo("/custom\n");
        assertThat(containers.run(as(0, List.of(), "echo $HOME")).stdout()).isEqualTo("/\n");
    }
}

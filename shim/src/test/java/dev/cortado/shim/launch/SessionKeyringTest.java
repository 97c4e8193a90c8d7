package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cortado.shim.process.Monitor;
import dev.cortado.shim.spec.LinuxSpec;
import dev.cortado.shim.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A container gets a session keyring of its own, runc's {@code _ses.<id>}, and its execs join
 * that same keyring; without one (containerd's NoNewKeyring) it keeps the monitor's. Seen in
 * {@code /proc/keys}, which the default spec masks, so these specs leave it readable.
 */
class SessionKeyringTest extends PrivilegedLauncherFixture {
    private final String name =
            "_ses.cortado-test-" + UUID.randomUUID().toString().substring(0, 8);

    private Spec seeingKeys(String script) {
        Spec spec = shell(script);
        LinuxSpec l = spec.linux();
        LinuxSpec unmasked = l.toBuilder()
                .maskedPaths(l.maskedPaths().stream()
                        .filter(p -> !p.equals("/proc/keys"))
                        .toList())
                .build();
        return spec.withLinux(unmasked);
    }

    private LaunchOptions keyring(String keyring) {
        return new LaunchOptions(Optional.empty(), Optional.ofNullable(keyring));
    }

    private Monitor create(Spec placed, LaunchOptions options, String id) {
        Monitor m = containers.launcher.create(id, placed, tmp.resolve("state/" + id), options);
        containers.track(m);
        return m;
    }

    @Test
    void container_joinsItsOwnNamedKeyring_andItsExecsJoinTheSameOne() throws Exception {
        Spec container = containers.inCgroup(seeingKeys("grep " + name + " /proc/keys > /keys.init; sleep 1000"));
        Monitor init = create(container, keyring(name), "k1");
        init.start();
        Path initKeys = rootfs.resolve("keys.init");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(initKeys) && Files.size(initKeys) > 0);
        String serial = Files.readString(initKeys).trim().split("\\s+")[0];
        assertThat(Files.readString(initKeys)).contains("keyring").contains(name);

        Monitor exec = containers.launcher.exec(
                "e1",
                container,
                init,
                seeingKeys("grep " + name + " /proc/keys").process(),
                tmp.resolve("state/e1"),
                keyring(name));
        containers.track(exec);
        Containers.Result r = containers.finish(exec);

        assertThat(r.code()).as(r.stderr()).isZero();
        assertThat(r.stdout().trim().split("\\s+")[0])
                .as("the exec joined the container's keyring")
                .isEqualTo(serial);
    }

    @Test
    void withoutAKeyring_theContainerSeesNoKeyringOfThatName() throws Exception {
        Containers.Result r = containers.finish(
                create(containers.inCgroup(seeingKeys("cat /proc/keys; echo end")), LaunchOptions.DEFAULT, "k2"));

        assertThat(r.code()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("end").doesNotContain(name);
    }
}

package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.shim.process.Monitor;
import dev.cortado.shim.spec.DefaultSpec;
import dev.cortado.shim.spec.ProcessSpec;
import dev.cortado.shim.spec.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Privileged: every cortado-init process that a container can reach runs from a sealed
 * memfd, so /proc/PID/exe cannot be used to rewrite the host's binary (CVE-2019-5736,
 * research/reliability.md A1).
 */
class SealedInitTest extends PrivilegedLauncherFixture {
    private Spec spec;

    @BeforeEach
    void setUp() {
        spec = containers.inCgroup(DefaultSpec.of(rootfs.toString(), List.of("sleep", "1000")));
    }

    @Test
    void createdContainer_runsInitFromASealedCopy() throws Exception {
        String before = sha256(InitBinary.locate(tmp.resolve("bin")));
        Monitor m = containers.create(spec);

        assertSealed(m.state().pid());
        assertThat(sha256(InitBinary.locate(tmp.resolve("bin")))).isEqualTo(before);
    }

    @Test
    void execHelperInsideTheContainer_runsFromASealedCopy() throws Exception {
        Monitor init = containers.create(spec);
        init.start();
        ProcessSpec p = spec.process();

        // until start, the exec helper sits in the container's namespaces, visible to its processes
        Monitor exec = containers.launcher.exec(
                "e1",
                spec,
                init,
                p.toBuilder()
                        .terminal(false)
                        .args(List.of("true"))
                        .cwd("/")
                        .noNewPrivileges(false)
                        .oomScoreAdj(null)
                        .build(),
                tmp.resolve("state/e1"));
        containers.track(exec);

        assertSealed(exec.state().pid());
    }

    private static void assertSealed(int pid) throws IOException {
        Path exe = Path.of("/proc/" + pid + "/exe");
        assertThat(Files.readSymbolicLink(exe).toString()).startsWith("/memfd:cortado-init");
        // root on the host may open it; F_SEAL_WRITE still refuses every write
        assertThatThrownBy(() -> Files.write(exe, new byte[] {0}, StandardOpenOption.WRITE))
                .isInstanceOf(IOException.class);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}

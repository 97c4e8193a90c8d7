package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.shim.process.ContainerIo;
import dev.cortado.shim.process.Monitor;
import dev.cortado.shim.process.TaskState.Status;
import dev.cortado.shim.spec.DefaultSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Privileged: {@code kill -9} of the JVM that created a container leaves it running, and a
 * new launcher re-adopts it with its unread output and its real exit code (DESIGN "Nothing lost").
 */
class ReadoptionTest {
    @TempDir
    Path tmp;

    private Containers containers;
    private Process child;

    @BeforeEach
    void setUp() throws Exception {
        Host.assumePrivileged();
        containers = new Containers(tmp);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (child != null) {
            child.destroyForcibly();
        }
        if (containers != null) {
            containers.close();
        }
    }

    /** Starts a container from a child JVM, then SIGKILLs that JVM (by the pid we started). */
    private void createInChildJvmAndKillIt(Path stateDir, Path shared, String... script) throws Exception {
        Path rootfs = BusyboxRootfs.create(tmp);
        String cgroupsPath =
                containers.inCgroup(DefaultSpec.of("/", List.of("x"))).linux().cgroupsPath();
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                AdoptionChild.class.getName(),
                rootfs.toString(),
                stateDir.toString(),
                cgroupsPath,
                shared.toString(),
                tmp.resolve("bin").toString()));
        command.addAll(List.of(script));
        child = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("started");
        }
        child.destroyForcibly();
        child.waitFor();
    }

    @Test
    void killedCreatorJvm_containerSurvivesAndIsReadopted() throws Exception {
        Path shared = Files.createDirectory(tmp.resolve("shared"));
        Path stateDir = tmp.resolve("state/adopted");
        createInChildJvmAndKillIt(stateDir, shared);

        Monitor adopted = containers.launcher.adopt(stateDir);
        containers.track(adopted);

        assertThat(adopted.state().status()).isEqualTo(Status.RUNNING);
        try (ContainerIo io = adopted.stdio()) {
            Files.createFile(shared.resolve("go"));
            assertThat(new String(io.stdout().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("before\nafter\n");
        }
        assertThat(adopted.waitForExit().code()).isEqualTo(3);
        assertThat(Files.readString(stateDir.resolve("exit"))).startsWith("3 ");
    }

    @Test
    void containerExitingWhileNoJvmIsAttached_keepsItsOutputAndExitCode() throws Exception {
        Path shared = Files.createDirectory(tmp.resolve("shared"));
        Path stateDir = tmp.resolve("state/orphan");
        createInChildJvmAndKillIt(stateDir, shared, "echo gone; exit 9");

        Monitor adopted = containers.launcher.adopt(stateDir);
        containers.track(adopted);

        assertThat(adopted.waitForExit().code()).isEqualTo(9);
        try (ContainerIo io = adopted.stdio()) {
            assertThat(new String(io.stdout().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("gone\n");
        }
    }
}

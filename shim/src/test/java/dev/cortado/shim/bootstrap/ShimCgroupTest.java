package dev.cortado.shim.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ShimCgroupTest {
    private static final Path CGROUP2 = Files.exists(Path.of("/sys/fs/cgroup/unified/cgroup.procs"))
            ? Path.of("/sys/fs/cgroup/unified")
            : Path.of("/sys/fs/cgroup");

    @Test
    void missingCgroup_isNeitherCreatedNorJoined() {
        String name = "cortado-test-" + UUID.randomUUID();

        assertThat(ShimCgroup.moveInto(
                        CGROUP2, "/" + name, ProcessHandle.current().pid()))
                .isFalse();
        assertThat(CGROUP2.resolve(name)).doesNotExist();
    }

    @Test
    void existingCgroup_receivesTheServerProcess() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: makes a cgroup");
        assumeTrue(Files.exists(CGROUP2.resolve("cgroup.procs")), "needs a cgroup2 mount");
        Path dir = Files.createDirectory(CGROUP2.resolve("cortado-test-" + UUID.randomUUID()));
        Process server = new ProcessBuilder("sleep", "1000").start();
        try {
            assertThat(ShimCgroup.moveInto(CGROUP2, "/" + dir.getFileName(), server.pid()))
                    .isTrue();

            assertThat(Files.readString(dir.resolve("cgroup.procs")).trim()).isEqualTo(Long.toString(server.pid()));
        } finally {
            server.destroyForcibly().waitFor();
            Files.delete(dir);
        }
    }
}

package dev.cortado.shim.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerSpawnerTest {
    @TempDir
    Path dir;

    @Test
    void jvmOptions_carryTheMeasuredHeapAndAllocatorLimits() {
        assertThat(ServerSpawner.jvmOptions("classes", null))
                .contains(
                        "-XX:+UseSerialGC",
                        "-XX:MinHeapFreeRatio=10",
                        "-XX:MaxHeapFreeRatio=30",
                        "-Dio.netty.allocator.numDirectArenas=1",
                        "-Dio.netty.allocator.numHeapArenas=1")
                .noneMatch(o -> o.startsWith("-XX:SharedArchiveFile"));
    }

    @Test
    void jvmOptions_ofAJarWithItsArchive_mapIt_andTheEnvironmentReplacesTheRest() throws Exception {
        Path jar = Files.writeString(dir.resolve("shim.jar"), "");
        Files.writeString(dir.resolve("shim.jsa"), "");

        assertThat(ServerSpawner.jvmOptions(jar.toString(), " -Xmx64m "))
                .containsExactly("-Xmx64m", "-XX:SharedArchiveFile=" + dir.resolve("shim.jsa"), "-Xshare:auto");
    }
}

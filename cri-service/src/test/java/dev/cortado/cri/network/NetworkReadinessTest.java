package dev.cortado.cri.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkReadinessTest {
    private static final String BRIDGE_LIST = """
            {"cniVersion": "1.0.0", "name": "cortado-pods", "plugins": [
              {"type": "bridge", "bridge": "cortado0", "ipam": {"type": "host-local"}},
              {"type": "portmap", "capabilities": {"portMappings": true}}]}
            """;

    @TempDir
    Path dir;

    Path confDir;
    Path binDir;
    NetworkReadiness readiness;

    @BeforeEach
    void setUp() throws Exception {
        confDir = Files.createDirectory(dir.resolve("net.d"));
        binDir = Files.createDirectory(dir.resolve("bin"));
        readiness = new NetworkReadiness(confDir, List.of(dir.resolve("first"), binDir), new CniConfigLoader());
    }

    private void plugin(String name) throws Exception {
        Files.createFile(
                binDir.resolve(name),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    @Test
    void noConfig_isNotReadyWithContainerdReason() {
        NetworkReadiness.Status status = readiness.check();
        assertThat(status.ready()).isFalse();
        assertThat(status.message()).contains("no network config found in " + confDir);
    }

    @Test
    void configWithAllPlugins_isReady() throws Exception {
        Files.writeString(confDir.resolve("10-pods.conflist"), BRIDGE_LIST);
        plugin("bridge");
        plugin("portmap");
        NetworkReadiness.Status status = readiness.check();
        assertThat(status.ready()).isTrue();
        assertThat(status.network()).hasValueSatisfying(n -> {
            assertThat(n.name()).isEqualTo("cortado-pods");
            assertThat(n.pluginTypes()).containsExactly("bridge", "portmap");
        });
    }

    @Test
    void missingPluginBinary_isNotReadyNamingThePlugin() throws Exception {
        Files.writeString(confDir.resolve("10-pods.conflist"), BRIDGE_LIST);
        plugin("bridge");
        NetworkReadiness.Status status = readiness.check();
        assertThat(status.ready()).isFalse();
        assertThat(status.message()).contains("[portmap]").contains("cortado-pods");
    }

    @Test
    void firstValidFileInLexicalOrder_wins_andBrokenOnesAreSkipped() throws Exception {
        Files.writeString(confDir.resolve("05-broken.conflist"), "{ not json");
        Files.writeString(confDir.resolve("20-other.conf"), "{\"name\": \"other\", \"type\": \"bridge\"}");
        Files.writeString(confDir.resolve("10-pods.conflist"), BRIDGE_LIST);
        Files.writeString(confDir.resolve("00-ignored.txt"), "{}");
        CniConfigLoader.Result result = new CniConfigLoader().load(confDir);
        assertThat(result.network())
                .hasValueSatisfying(n -> assertThat(n.name()).isEqualTo("cortado-pods"));
        assertThat(result.problems()).singleElement().asString().contains("05-broken.conflist");
    }

    @Test
    void singlePluginConf_isAListOfOne() throws Exception {
        Files.writeString(
                confDir.resolve("99-loop.conf"), "{\"cniVersion\":\"0.4.0\",\"name\":\"lo\",\"type\":\"loopback\"}");
        assertThat(new CniConfigLoader().load(confDir).network())
                .hasValueSatisfying(n -> assertThat(n.pluginTypes()).containsExactly("loopback"));
    }

    @Test
    void pluginTypeWithPathSeparator_isRejected() throws Exception {
        Files.writeString(confDir.resolve("10-evil.conf"), "{\"name\":\"evil\",\"type\":\"../../bin/sh\"}");
        assertThat(new CniConfigLoader().load(confDir).network()).isEmpty();
    }

    @Test
    void followsTheConfDirLive_withoutRestartOrCache() throws Exception {
        plugin("bridge");
        plugin("portmap");
        assertThat(readiness.check().ready()).isFalse();
        Files.writeString(confDir.resolve("10-pods.conflist"), BRIDGE_LIST);
        assertThat(readiness.check().ready()).isTrue();
        Files.delete(binDir.resolve("portmap"));
        assertThat(readiness.check().ready()).isFalse();
        plugin("portmap");
        Files.writeString(confDir.resolve("05-first.conf"), "{\"name\": \"first\", \"type\": \"missing\"}");
        assertThat(readiness.check().message()).contains("[missing]");
        Files.delete(confDir.resolve("05-first.conf"));
        Files.delete(confDir.resolve("10-pods.conflist"));
        assertThat(readiness.check().ready()).isFalse();
    }

    /**
     * Why a re-check on every CRI Status call and no WatchService: kubelet calls Status about every
     * 5 s, and a check (list the dir, parse the first config, stat each plugin) costs about 0.3 ms
     * here, so a watcher would only add a thread and a cache that can go stale
     * (containerd#7196, #8419).
     */
    @Test
    void check_isCheapEnoughForEveryStatusCall() throws Exception {
        Files.writeString(confDir.resolve("10-pods.conflist"), BRIDGE_LIST);
        Files.writeString(confDir.resolve("20-other.conf"), "{\"name\": \"other\", \"type\": \"bridge\"}");
        plugin("bridge");
        plugin("portmap");
        for (int i = 0; i < 2000; i++) {
            readiness.check();
        }
        int runs = 2000;
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            assertThat(readiness.check().ready()).isTrue();
        }
        double micros = (System.nanoTime() - start) / 1e3 / runs;
        System.out.printf("NetworkReadiness.check(): %.1f us per call%n", micros);
        assertThat(micros).as("microseconds per check").isLessThan(5000);
    }
}

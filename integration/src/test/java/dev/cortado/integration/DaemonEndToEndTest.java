package dev.cortado.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.api.cri.v1.RuntimeCondition;
import dev.cortado.api.cri.v1.StatusResponse;
import dev.cortado.api.cri.v1.VersionResponse;
import dev.cortado.transport.UnixGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The story of an operator's first minutes: start the daemon from the built jar, ask it what
 * crictl version and crictl info ask, see conditions that match the machine, stop it with
 * SIGTERM.
 */
class DaemonEndToEndTest {
    private static final Path DEBIAN_CNI = Path.of("/usr/lib/cni");

    @TempDir
    Path dir;

    private String cniConfig() throws Exception {
        Path netd = Files.createDirectories(dir.resolve("net.d"));
        Files.writeString(netd.resolve("10-cortado.conflist"), """
                {"cniVersion": "1.0.0", "name": "cortado-test", "plugins": [
                  {"type": "bridge", "bridge": "ctd-test0", "ipam": {"type": "host-local", "subnet": "10.231.0.0/24"}},
                  {"type": "portmap", "capabilities": {"portMappings": true}}]}
                """);
        // cortado's handler through its shim: Status looks for the shim binary
        return "[cni]\nconf_dir = \"%s\"\nbin_dirs = [\"%s\"]\n[runtime.handlers.cortado]\nin_process = false\n"
                .formatted(netd, DEBIAN_CNI);
    }

    private static boolean cgroup2Mounted() throws Exception {
        return Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))
                || Files.exists(Path.of("/sys/fs/cgroup/unified/cgroup.controllers"));
    }

    @Test
    void crictlVersionAndInfo_answerTruthfully_thenSigtermStopsCleanly() throws Exception {
        Path emptyPath = Files.createDirectories(dir.resolve("empty-path"));
        try (DaemonProcess daemon = DaemonProcess.start(dir, cniConfig(), Map.of("PATH", emptyPath.toString()))) {
            try (UnixGrpc.Channel channel = daemon.connect()) {
                Crictl crictl = new Crictl(channel);
                VersionResponse version = crictl.version();
                System.out.print(Crictl.print(version));
                assertThat(version.getRuntimeName()).isEqualTo("cortado");
                assertThat(version.getRuntimeApiVersion()).isEqualTo("v1");

                StatusResponse info = crictl.info();
                System.out.println(info);
                RuntimeCondition runtime = Crictl.condition(info, "RuntimeReady");
                assertThat(runtime.getStatus()).isFalse();
                assertThat(runtime.getReason()).isEqualTo(cgroup2Mounted() ? "ShimNotFound" : "CgroupV2Missing");
                assertThat(runtime.getMessage()).contains("containerd-shim-cortado-v2");

                RuntimeCondition network = Crictl.condition(info, "NetworkReady");
                boolean pluginsPresent = Files.isExecutable(DEBIAN_CNI.resolve("bridge"))
                        && Files.isExecutable(DEBIAN_CNI.resolve("portmap"));
                assertThat(network.getStatus()).isEqualTo(pluginsPresent);
                if (!pluginsPresent) {
                    assertThat(network.getMessage()).contains("not found in");
                }
                assertThat(info.getInfoMap().get("cniconfig")).contains("cortado-test");
            }
            assertThat(daemon.stop()).isZero();
            assertThat(daemon.socket()).doesNotExist();
            assertThat(daemon.log()).contains("shutting down").doesNotContain("ERROR");
        }
    }

    @Test
    void shimOnPath_makesRuntimeReadyWhereCgroup2Exists() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("shim-bin"));
        Files.writeString(bin.resolve("containerd-shim-cortado-v2"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(
                bin.resolve("containerd-shim-cortado-v2"), PosixFilePermissions.fromString("rwxr-xr-x"));
        try (DaemonProcess daemon = DaemonProcess.start(
                        dir, "[runtime.handlers.cortado]\nin_process = false\n", Map.of("PATH", bin.toString()));
                UnixGrpc.Channel channel = daemon.connect()) {
            RuntimeCondition runtime = Crictl.condition(new Crictl(channel).info(), "RuntimeReady");
            assertThat(runtime.getStatus()).isEqualTo(cgroup2Mounted());
        }
    }

    @Test
    void unknownConfigKey_failsStartupWithTheKeyNamed() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.toml"), "[grpc]\nadress = \"/tmp/x.sock\"\n");
        ProcessBuilder builder = new ProcessBuilder(
                        Repo.cortadoLauncher().toString(), "daemon", "--config", config.toString())
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).isEqualTo(1);
        assertThat(output).contains("adress").contains("bad.toml");
    }
}

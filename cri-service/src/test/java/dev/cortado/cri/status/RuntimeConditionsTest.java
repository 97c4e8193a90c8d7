package dev.cortado.cri.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.cri.network.CniConfigLoader;
import dev.cortado.cri.network.NetworkReadiness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeConditionsTest {
    @TempDir
    Path dir;

    private NetworkReadiness noNetwork() {
        return new NetworkReadiness(dir.resolve("net.d"), List.of(dir.resolve("bin")), new CniConfigLoader());
    }

    @Test
    void missingShim_makesRuntimeNotReadyNamingTheBinaryAndPath() {
        RuntimeConditions conditions = new RuntimeConditions(
                List.of(new ShimBinaryCheck("containerd-shim-cortado-v2", dir.toString())), noNetwork());
        Condition runtime = conditions.report().conditions().get(0);
        assertThat(runtime.type()).isEqualTo(Condition.RUNTIME_READY);
        assertThat(runtime.status()).isFalse();
        assertThat(runtime.reason()).isEqualTo("ShimNotFound");
        assertThat(runtime.message()).contains("containerd-shim-cortado-v2").contains(dir.toString());
    }

    @Test
    void shimOnPathAndStateDirs_makeRuntimeReady() throws Exception {
        Path shim = Files.createFile(
                dir.resolve("containerd-shim-cortado-v2"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        RuntimeConditions conditions = new RuntimeConditions(
                List.of(
                        new ShimBinaryCheck(shim.getFileName().toString(), "/nonexistent:" + dir),
                        new WritableDirCheck("state", dir)),
                noNetwork());
        RuntimeConditions.Report report = conditions.report();
        assertThat(report.conditions().get(0).status()).isTrue();
        assertThat(report.checks()).containsEntry("shim", "ok").containsEntry("state", "ok");
    }

    @Test
    void missingNetworkConfig_isNetworkPluginNotReady() {
        Condition network = new RuntimeConditions(List.of(), noNetwork())
                .report()
                .conditions()
                .get(1);
        assertThat(network.type()).isEqualTo(Condition.NETWORK_READY);
        assertThat(network.status()).isFalse();
        assertThat(network.reason()).isEqualTo("NetworkPluginNotReady");
        assertThat(network.message()).contains("net.d");
    }

    @Test
    void nonExecutableShim_isNotFound() throws Exception {
        Path shim = Files.createFile(dir.resolve("shim"));
        assertThat(new ShimBinaryCheck(shim.toString(), "").check()).isPresent();
    }

    @Test
    void everyFailure_isReportedInTheMessage() {
        RuntimeConditions conditions = new RuntimeConditions(
                List.of(new WritableDirCheck("root", dir.resolve("no-root")), new ShimBinaryCheck("/no/such/shim", "")),
                noNetwork());
        Condition runtime = conditions.report().conditions().get(0);
        assertThat(runtime.reason()).isEqualTo("StateDirMissing");
        assertThat(runtime.message()).contains("no-root").contains("/no/such/shim");
    }
}

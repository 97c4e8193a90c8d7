package dev.cortado.cri.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.api.cri.v1.CheckpointContainerRequest;
import dev.cortado.api.cri.v1.ImageServiceGrpc;
import dev.cortado.api.cri.v1.ListImagesRequest;
import dev.cortado.api.cri.v1.ListPodSandboxMetricsRequest;
import dev.cortado.api.cri.v1.RunPodSandboxRequest;
import dev.cortado.api.cri.v1.RuntimeCondition;
import dev.cortado.api.cri.v1.RuntimeServiceGrpc;
import dev.cortado.api.cri.v1.StatusRequest;
import dev.cortado.api.cri.v1.StatusResponse;
import dev.cortado.api.cri.v1.VersionRequest;
import dev.cortado.api.cri.v1.VersionResponse;
import dev.cortado.cri.config.ConfigLoader;
import dev.cortado.cri.config.CortadoConfig;
import dev.cortado.cri.image.JsonStoreFixture;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.transport.UnixGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("try") // each test holds a daemon open while it talks to its socket, never reading the variable
class DaemonTest {
    @TempDir
    Path dir;

    /** cortado's handler through its shim, whose binary Status looks for. */
    private CortadoConfig config() {
        return config("[runtime.handlers.cortado]\nin_process = false\n");
    }

    private CortadoConfig config(String more) {
        return new ConfigLoader().parse("""
                root = "%1$s/root"
                state = "%1$s/state"
                [grpc]
                address = "%1$s/state/cortado.sock"
                [cni]
                conf_dir = "%1$s/net.d"
                bin_dirs = ["%1$s/bin"]
                [runtime.handlers.runc]
                runtime_type = "io.containerd.runc.v2"
                """.formatted(dir) + more, "test");
    }

    @Test
    void inProcessDefaultHandler_needsNoShimBinary_andKeepsItsTasksUnderTheStateDir() {
        try (Daemon daemon = Daemon.start(config(""), Map.of("PATH", ""));
                UnixGrpc.Channel channel = UnixGrpc.channel(socket())) {
            RuntimeCondition runtime = RuntimeServiceGrpc.newBlockingStub(channel.managed())
                    .status(StatusRequest.getDefaultInstance())
                    .getStatus()
                    .getConditions(0);
            assertThat(runtime.getReason()).isNotEqualTo("ShimNotFound");
            assertThat(dir.resolve("state/tasks")).isDirectory();
        }
    }

    private Path socket() {
        return dir.resolve("state/cortado.sock");
    }

    @Test
    void version_answersCortadoAndApiV1() {
        try (Daemon daemon = Daemon.start(config(), Map.of("PATH", ""));
                UnixGrpc.Channel channel = UnixGrpc.channel(socket())) {
            VersionResponse version = RuntimeServiceGrpc.newBlockingStub(channel.managed())
                    .version(VersionRequest.newBuilder().setVersion("0.1.0").build());
            assertThat(version.getRuntimeName()).isEqualTo("cortado");
            assertThat(version.getRuntimeApiVersion()).isEqualTo("v1");
            assertThat(version.getVersion()).isEqualTo("0.1.0");
            assertThat(version.getRuntimeVersion()).isNotBlank().doesNotContain("${");
        }
    }

    @Test
    void status_tellsTheTruthAboutShimAndNetwork() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("shimbin"));
        Files.createFile(
                bin.resolve("containerd-shim-cortado-v2"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try (Daemon daemon = Daemon.start(config(), Map.of("PATH", bin.toString()));
                UnixGrpc.Channel channel = UnixGrpc.channel(socket())) {
            StatusResponse status = RuntimeServiceGrpc.newBlockingStub(channel.managed())
                    .status(StatusRequest.newBuilder().setVerbose(true).build());
            RuntimeCondition runtime = status.getStatus().getConditions(0);
            RuntimeCondition network = status.getStatus().getConditions(1);
            assertThat(runtime.getType()).isEqualTo("RuntimeReady");
            // On a host without cgroup2 the check must say so; otherwise the runtime is ready.
            assertThat(runtime.getStatus() || runtime.getReason().equals("CgroupV2Missing"))
                    .isTrue();
            assertThat(network.getType()).isEqualTo("NetworkReady");
            assertThat(network.getStatus()).isFalse();
            assertThat(network.getReason()).isEqualTo("NetworkPluginNotReady");
            assertThat(status.getInfoMap()).containsKeys("config", "checks", "cniconfig", "lastCNILoadStatus");
            assertThat(status.getInfoMap().get("config")).contains(socket().toString());
            assertThat(status.getRuntimeHandlersList())
                    .extracting(h -> h.getName())
                    .containsExactly("cortado", "", "runc");
        }
    }

    @Test
    void status_withoutVerbose_hasNoInfo() {
        try (Daemon daemon = Daemon.start(config(), Map.of("PATH", ""));
                UnixGrpc.Channel channel = UnixGrpc.channel(socket())) {
            StatusResponse status =
                    RuntimeServiceGrpc.newBlockingStub(channel.managed()).status(StatusRequest.getDefaultInstance());
            assertThat(status.getInfoMap()).isEmpty();
            assertThat(status.getStatus().getConditions(0).getStatus()).isFalse();
            assertThat(status.getStatus().getConditions(0).getReason()).isIn("ShimNotFound", "CgroupV2Missing");
        }
    }

    @Test
    void theLastRpcsToLand_areServed_listPodSandboxMetricsAnswersForNoPods() {
        try (Daemon daemon = Daemon.start(config(), Map.of("PATH", ""));
                UnixGrpc.Channel channel = UnixGrpc.channel(socket())) {
            assertThat(RuntimeServiceGrpc.newBlockingStub(channel.managed())
                            .listPodSandboxMetrics(ListPodSandboxMetricsRequest.getDefaultInstance())
                            .getPodMetricsList())
                    .isEmpty();
        }
    }

    @Test
    void checkpointContainer_withoutLocation_isInvalidArgument() {
        try (Daemon daemon = Daemon.start(config(), Map.of("PATH", ""));
                UnixGrpc.Channel channel = UnixGrpc.channel(socket())) {
            assertThatThrownBy(() -> RuntimeServiceGrpc.newBlockingStub(channel.managed())
                            .checkpointContainer(CheckpointContainerRequest.newBuilder()
                                    .setContainerId("c1")
                                    .build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription())
                                .contains("CheckpointContainer of c1 needs a location");
                    });
        }
    }

    @Test
    void runPodSandbox_withoutConfig_isInvalidArgument() {
        try (Daemon daemon = Daemon.start(config(), Map.of("PATH", ""));
                UnixGrpc.Channel channel = UnixGrpc.channel(socket())) {
            assertThatThrownBy(() -> RuntimeServiceGrpc.newBlockingStub(channel.managed())
                            .runPodSandbox(RunPodSandboxRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription()).contains("config");
                    });
        }
    }

    @Test
    void imageService_isServed_andStartsEmpty() {
        try (Daemon daemon = Daemon.start(config(), Map.of("PATH", ""));
                UnixGrpc.Channel channel = UnixGrpc.channel(socket())) {
            assertThat(ImageServiceGrpc.newBlockingStub(channel.managed())
                            .listImages(ListImagesRequest.getDefaultInstance())
                            .getImagesList())
                    .isEmpty();
        }
    }

    @Test
    void imageRecordsOfTheJsonStore_areServedAfterTheFirstStart_fromTheMetadataDatabase() throws Exception {
        Path jsonDir = JsonStoreFixture.writeInto(dir.resolve("root"));
        try (Daemon daemon = Daemon.start(config(), Map.of("PATH", ""));
                UnixGrpc.Channel channel = UnixGrpc.channel(socket())) {
            assertThat(ImageServiceGrpc.newBlockingStub(channel.managed())
                            .listImages(ListImagesRequest.getDefaultInstance())
                            .getImagesList())
                    .extracting(i -> i.getId())
                    .containsExactly(JsonStoreFixture.BUSYBOX, JsonStoreFixture.PAUSE);
        }
        assertThat(jsonDir).doesNotExist();
        assertThat(dir.resolve("root/cortado.db")).isRegularFile();
    }

    @Test
    void corruptMetadataDatabase_stopsTheStartNamingTheFile_andServesNothing() throws Exception {
        Path db = Files.createDirectories(dir.resolve("root")).resolve("cortado.db");
        Files.writeString(db, "not a database ".repeat(300));
        assertThatThrownBy(() -> Daemon.start(config(), Map.of("PATH", "")))
                .isInstanceOfSatisfying(CortadoException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.DATA_LOSS);
                    assertThat(e.getMessage()).contains(db.toString()).contains("will not reset");
                });
        assertThat(socket()).doesNotExist();
        assertThat(Files.readString(db)).startsWith("not a database");
    }

    @Test
    void streamingTlsCertificateMissing_stopsTheStartNamingTheFile_andServesNothing() {
        CortadoConfig config = new ConfigLoader().parse("""
                root = "%1$s/root"
                state = "%1$s/state"
                [grpc]
                address = "%1$s/state/cortado.sock"
                [cni]
                conf_dir = "%1$s/net.d"
                [streaming]
                enable_tls = true
                tls_cert_file = "%1$s/gone.crt"
                tls_key_file = "%1$s/gone.key"
                """.formatted(dir), "test");
        assertThatThrownBy(() -> Daemon.start(config, Map.of("PATH", "")))
                .isInstanceOfSatisfying(CortadoException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
                    assertThat(e.getMessage())
                            .isEqualTo("streaming tls_cert_file " + dir.resolve("gone.crt")
                                    + ": cannot read it: no such file");
                });
        assertThat(socket()).doesNotExist();
    }

    @Test
    void jsonImageRecordThatDoesNotParse_stopsTheStartNamingIt_andTheNextStartMovesTheRest() throws Exception {
        Path jsonDir = JsonStoreFixture.writeInto(dir.resolve("root"));
        Path bad = Files.writeString(jsonDir.resolve("9".repeat(64) + ".json"), "{\"id\":");
        assertThatThrownBy(() -> Daemon.start(config(), Map.of("PATH", "")))
                .isInstanceOfSatisfying(CortadoException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.DATA_LOSS);
                    assertThat(e.getMessage()).contains(bad.toString());
                });
        assertThat(socket()).doesNotExist();
        Files.delete(bad);
        try (Daemon daemon = Daemon.start(config(), Map.of("PATH", ""));
                UnixGrpc.Channel channel = UnixGrpc.channel(socket())) {
            assertThat(ImageServiceGrpc.newBlockingStub(channel.managed())
                            .listImages(ListImagesRequest.getDefaultInstance())
                            .getImagesList())
                    .hasSize(2);
        }
    }

    @Test
    void verboseStatus_neverShowsRegistryPasswords() {
        CortadoConfig withSecret = new ConfigLoader().parse("""
                root = "%1$s/root"
                state = "%1$s/state"
                [grpc]
                address = "%1$s/state/cortado.sock"
                [registry.hosts."registry.example:5000"]
                username = "robot"
                password = "s3cret-pa55"
                """.formatted(dir), "test");
        try (Daemon daemon = Daemon.start(withSecret, Map.of("PATH", ""));
                UnixGrpc.Channel channel = UnixGrpc.channel(socket())) {
            String config = RuntimeServiceGrpc.newBlockingStub(channel.managed())
                    .status(StatusRequest.newBuilder().setVerbose(true).build())
                    .getInfoMap()
                    .get("config");
            assertThat(config)
                    .contains("registry.example:5000")
                    .contains("robot")
                    .doesNotContain("s3cret-pa55");
        }
    }

    @Test
    void socketAndDirectories_haveRestrictivePermissions() throws Exception {
        try (Daemon daemon = Daemon.start(config(), Map.of("PATH", ""))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket())))
                    .isEqualTo("rw-rw----");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket().getParent())))
                    .isEqualTo("rwx--x--x");
        }
        assertThat(socket()).doesNotExist();
    }

    @Test
    void existingLaxStateDir_isTightenedTo0711() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (Daemon daemon = Daemon.start(config(), Map.of("PATH", ""))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state)))
                    .isEqualTo("rwx--x--x");
        }
    }

    @Test
    void secondDaemonOnTheSameSocket_failsClearly_andLeavesTheFirstServing() {
        try (Daemon first = Daemon.start(config(), Map.of("PATH", ""))) {
            assertThatThrownBy(() -> Daemon.start(config(), Map.of("PATH", "")))
                    .isInstanceOfSatisfying(CortadoException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION);
                        // the CRI socket is checked before anything else starts (the shims' events socket included)
                        assertThat(e.getMessage()).contains(socket().toString()).contains("running server");
                    });
            try (UnixGrpc.Channel channel = UnixGrpc.channel(socket())) {
                assertThat(RuntimeServiceGrpc.newBlockingStub(channel.managed())
                                .version(VersionRequest.getDefaultInstance())
                                .getRuntimeName())
                        .isEqualTo("cortado");
            }
        }
    }
}

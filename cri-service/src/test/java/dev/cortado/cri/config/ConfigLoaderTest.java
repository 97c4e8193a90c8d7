package dev.cortado.cri.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void emptyFile_givesEveryDefault() {
        assertThat(loader.parse("", "test")).isEqualTo(CortadoConfig.defaults());
    }

    @Test
    void missingFileAtDefaultLocation_givesDefaults(@TempDir Path dir) {
        assertThat(loader.load(dir.resolve("absent.toml"), false)).isEqualTo(CortadoConfig.defaults());
    }

    @Test
    void missingFileNamedByUser_isNotFound(@TempDir Path dir) {
        assertThatThrownBy(() -> loader.load(dir.resolve("absent.toml"), true))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("absent.toml")
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void partialTable_overridesOnlyTheKeysGiven(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cortado.toml");
        Files.writeString(file, """
                root = "/srv/cortado"
                [grpc]
                address = "/tmp/c.sock"
                [cni]
                bin_dirs = ["/opt/x"]
                """);
        CortadoConfig config = loader.load(file, true);
        assertThat(config.root()).isEqualTo("/srv/cortado");
        assertThat(config.state()).isEqualTo("/run/cortado");
        assertThat(config.grpc().address()).isEqualTo("/tmp/c.sock");
        assertThat(config.grpc().maxRecvMessageSize()).isEqualTo(16 << 20);
        assertThat(config.cni().binDirs()).containsExactly("/opt/x");
        assertThat(config.cni().confDir()).isEqualTo("/etc/cni/net.d");
    }

    @Test
    void unknownKey_isRejectedNamingTheKey() {
        assertThatThrownBy(() -> loader.parse("[grpc]\nadress = \"/x\"\n", "cortado.toml"))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("cortado.toml")
                .hasMessageContaining("adress");
    }

    @Test
    void relativePath_isRejectedNamingTheKey() {
        assertThatThrownBy(() -> loader.parse("[grpc]\naddress = \"cortado.sock\"\n", "f"))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("grpc.address");
    }

    @Test
    void badEnumValue_isRejectedNamingTheKey() {
        assertThatThrownBy(() -> loader.parse("[runtime]\ncgroup_driver = \"cgroupv3\"\n", "f"))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("runtime.cgroup_driver");
        assertThatThrownBy(() -> loader.parse("[log]\nlevel = \"loud\"\n", "f"))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("log.level");
    }

    @Test
    void wrongType_isInvalidArgument() {
        assertThatThrownBy(() -> loader.parse("[grpc]\nmax_recv_message_size = \"big\"\n", "f"))
                .isInstanceOf(CortadoException.class)
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
    }

    @Test
    void defaultToml_parsesBackToTheDefaults() {
        String toml = loader.defaultToml();
        assertThat(toml).contains("address = '/run/cortado/cortado.sock'").contains("bin_dirs");
        assertThat(loader.parse(toml, "default")).isEqualTo(CortadoConfig.defaults());
    }

    @Test
    void registryHostTable_isParsedWithQuotedDomain() {
        CortadoConfig config = loader.parse("""
                [registry]
                max_attempts = 3
                [registry.hosts."docker.io"]
                mirrors = ["https://mirror.local:5000"]
                [registry.hosts."localhost:5000"]
                insecure = true
                username = "u"
                password = "p"
                """, "f");
        assertThat(config.registry().maxAttempts()).isEqualTo(3);
        assertThat(config.registry().requestTimeoutSeconds()).isEqualTo(30);
        assertThat(config.registry().hosts().get("docker.io").mirrors()).containsExactly("https://mirror.local:5000");
        assertThat(config.registry().hosts().get("localhost:5000").insecure()).isTrue();
        assertThat(config.registry().hosts().get("localhost:5000").toString())
                .doesNotContain("\"p\"")
                .contains("<redacted>");
        assertThat(config.redacted().registry().hosts().get("localhost:5000").password())
                .isEqualTo("<redacted>");
    }

    @Test
    void mirrorThatIsNotHttp_isRejectedNamingTheKey() {
        assertThatThrownBy(() -> loader.parse("[registry.hosts.\"docker.io\"]\nmirrors = [\"ftp://x\"]\n", "f"))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("mirrors");
    }

    @Test
    void imageLimitsOutOfRange_areRejected() {
        assertThatThrownBy(() -> loader.parse("[image]\nmax_layers = 0\n", "f"))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("image.max_layers");
    }

    @Test
    void binDirs_areCopied() {
        List<String> dirs = new java.util.ArrayList<>(List.of("/a"));
        CniConfig cni = new CniConfig("/etc/cni/net.d", dirs);
        dirs.add("/b");
        assertThat(cni.binDirs()).containsExactly("/a");
    }

    @Test
    void defaults_haveCortadosOwnShimAsTheDefaultHandler() {
        RuntimeConfig runtime = CortadoConfig.defaults().runtime();
        assertThat(runtime.defaultHandler()).isEqualTo("cortado");
        assertThat(runtime.handlers()).containsOnlyKeys("cortado");
        assertThat(runtime.defaultHandlerConfig())
                .isEqualTo(new RuntimeHandlerConfig(
                        "io.containerd.cortado.v2",
                        "",
                        java.util.Map.of(),
                        RuntimeHandlerConfig.IN_PROCESS_BY_DEFAULT));
        assertThat(loader.defaultToml()).contains("runtime.handlers.cortado.runtime_type = 'io.containerd.cortado.v2'");
        assertThat(loader.defaultToml())
                .contains("runtime.handlers.cortado.in_process = " + RuntimeHandlerConfig.IN_PROCESS_BY_DEFAULT);
    }

    @Test
    void handlerSection_isAddedNextToTheDefault_withItsOptions() {
        RuntimeConfig runtime = loader.parse("""
                [runtime.handlers.runc]
                runtime_type = "io.containerd.runc.v2"
                runtime_path = "/usr/bin/containerd-shim-runc-v2"
                [runtime.handlers.runc.options]
                SystemdCgroup = true
                """, "f").runtime();
        assertThat(runtime.handlers()).containsOnlyKeys("cortado", "runc");
        RuntimeHandlerConfig runc = runtime.handlers().get("runc");
        assertThat(runc.runtimePath()).isEqualTo("/usr/bin/containerd-shim-runc-v2");
        assertThat(runc.options()).containsEntry("SystemdCgroup", true);
    }

    @Test
    void inProcess_isReadForCortadosOwnType() {
        RuntimeConfig runtime = loader.parse("""
                [runtime.handlers.cortado]
                in_process = true
                [runtime.handlers.local]
                runtime_type = "io.containerd.cortado.v2"
                in_process = true
                """, "f").runtime();
        assertThat(runtime.handlers().get("cortado").inProcess()).isTrue();
        assertThat(runtime.handlers().get("local").inProcess()).isTrue();
        assertThat(loader.parse("[runtime.handlers.cortado]\nin_process = false\n", "f")
                        .runtime()
                        .defaultHandlerConfig()
                        .inProcess())
                .isFalse();
    }

    @Test
    void inProcess_ofAnotherRuntimeType_isRejectedNamingBoth() {
        assertThatThrownBy(() -> loader.parse("""
                        [runtime.handlers.runc]
                        runtime_type = "io.containerd.runc.v2"
                        in_process = true
                        """, "f"))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("in_process")
                .hasMessageContaining("io.containerd.runc.v2")
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
    }

    @Test
    void handlerWithOnlyAType_getsTheOtherDefaults() {
        RuntimeHandlerConfig h = loader.parse(
                        "[runtime.handlers.kata]\nruntime_type = \"io.containerd.kata.v2\"\n", "f")
                .runtime()
                .handlers()
                .get("kata");
        assertThat(h).isEqualTo(new RuntimeHandlerConfig("io.containerd.kata.v2", "", java.util.Map.of()));
    }

    @Test
    void unknownHandlerKey_isRejectedNamingIt() {
        assertThatThrownBy(
                        () -> loader.parse("[runtime.handlers.runc]\nruntime_typ = \"io.containerd.runc.v2\"\n", "f"))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("runtime_typ");
    }

    @Test
    void badHandlers_areInvalidArgumentNamingWhatIsWrong() {
        assertThatThrownBy(() -> loader.parse("[runtime]\ndefault_handler = \"runc\"\n", "f"))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("default_handler")
                .hasMessageContaining("runc");
        assertThatThrownBy(() ->
                        loader.parse("[runtime.handlers.Bad_Name]\nruntime_type = \"io.containerd.runc.v2\"\n", "f"))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("Bad_Name");
        assertThatThrownBy(() -> loader.parse("[runtime.handlers.x]\nruntime_type = \"runc\"\n", "f"))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("runtime_type");
        assertThatThrownBy(() -> loader.parse("[runtime.handlers.x]\nruntime_path = \"bin/shim\"\n", "f"))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("runtime_path")
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
    }

    @Test
    void streamingSection_mapsToTheStreamingServerConfig() {
        CortadoConfig config =
                loader.parse("[streaming]\naddress = \"0.0.0.0\"\nport = 10010\nidle_timeout_seconds = 60\n", "f");
        var streaming = config.streaming().toStreamingConfig();
        assertThat(streaming.address()).isEqualTo("0.0.0.0");
        assertThat(streaming.port()).isEqualTo(10010);
        assertThat(streaming.idleTimeout()).isEqualTo(java.time.Duration.ofMinutes(1));
        assertThat(streaming.tokenTtl())
                .isEqualTo(dev.cortado.cri.streaming.StreamingConfig.defaults().tokenTtl());
        assertThat(CortadoConfig.defaults().streaming().toStreamingConfig())
                .isEqualTo(dev.cortado.cri.streaming.StreamingConfig.defaults());
    }

    @Test
    void streamingSection_badValues_areInvalidArgumentNamingTheKey() {
        assertThatThrownBy(() -> loader.parse("[streaming]\nport = 70000\n", "f"))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("streaming port")
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThatThrownBy(() -> loader.parse("[streaming]\ntoken_ttl_seconds = 0\n", "f"))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("token_ttl");
    }

    @Test
    void streamingTls_keysMapToTheModeAndHalfAPairIsRefused() {
        assertThat(loader.parse("[streaming]\nenable_tls = true\n", "f")
                        .streaming()
                        .toStreamingConfig()
                        .tls())
                .isEqualTo(new dev.cortado.cri.streaming.tls.StreamingTls.SelfSigned());
        assertThat(loader.parse(
                                "[streaming]\nenable_tls = true\ntls_cert_file = \"/c.pem\"\ntls_key_file = \"/k.pem\"\n",
                                "f")
                        .streaming()
                        .toStreamingConfig()
                        .tls())
                .isEqualTo(new dev.cortado.cri.streaming.tls.StreamingTls.KeyPair(
                        java.nio.file.Path.of("/c.pem"), java.nio.file.Path.of("/k.pem")));
        assertThatThrownBy(() -> loader.parse("[streaming]\nenable_tls = true\ntls_cert_file = \"/c.pem\"\n", "f"))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("config section streaming: enable_tls with tls_cert_file needs tls_key_file too")
                .extracting(e -> ((CortadoException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(loader.defaultToml()).contains("enable_tls = false", "tls_cert_file = ''");
    }
}

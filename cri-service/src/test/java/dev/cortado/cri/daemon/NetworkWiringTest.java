package dev.cortado.cri.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cri.config.ConfigLoader;
import dev.cortado.cri.config.CortadoConfig;
import dev.cortado.cri.network.CniSettings;
import dev.cortado.errors.CortadoException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NetworkWiringTest {
    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void defaults_cacheUnderTheRoot_noTemplate_aMinutePerPlugin() {
        CniSettings settings = NetworkWiring.settings(CortadoConfig.defaults());
        assertThat(settings.confDir()).isEqualTo(Path.of("/etc/cni/net.d"));
        assertThat(settings.binDirs()).containsExactly(Path.of("/opt/cni/bin"), Path.of("/usr/lib/cni"));
        assertThat(settings.cacheDir()).isEqualTo(Path.of("/var/lib/cortado/cni/results"));
        assertThat(settings.confTemplate()).isEmpty();
        assertThat(settings.pluginTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void everyCniKey_reachesTheSettings() {
        CortadoConfig config = loader.parse("""
                root = "/srv/cortado"
                [cni]
                conf_dir = "/srv/net.d"
                bin_dirs = ["/srv/cni"]
                conf_template = "/srv/template.json"
                plugin_timeout_seconds = 5
                cache_dir = "/srv/cni-cache"
                """, "test.toml");
        CniSettings settings = NetworkWiring.settings(config);
        assertThat(settings)
                .isEqualTo(new CniSettings(
                        Path.of("/srv/net.d"),
                        List.of(Path.of("/srv/cni")),
                        Duration.ofSeconds(5),
                        Path.of("/srv/cni-cache"),
                        Optional.of(Path.of("/srv/template.json"))));
        assertThat(NetworkWiring.podNetwork(config)).isNotNull();
    }

    @Test
    void badCniKeys_areRejectedNamingTheKey() {
        assertThatThrownBy(() -> loader.parse("[cni]\nplugin_timeout_seconds = 0\n", "f"))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("cni.plugin_timeout_seconds");
        assertThatThrownBy(() -> loader.parse("[cni]\nconf_template = \"relative.json\"\n", "f"))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("cni.conf_template");
    }
}

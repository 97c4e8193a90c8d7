package dev.cortado.cri.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cri.config.ConfigLoader;
import dev.cortado.cri.config.CortadoConfig;
import dev.cortado.cri.image.registry.RegistryConfig;
import dev.cortado.cri.image.unpack.UnpackLimits;
import dev.cortado.errors.CortadoException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The [image] unpack limits and the per-host TLS and realm keys reach the image service's records. */
class ImageWiringTest {
    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void defaults_areTheUnpackersDefaults() {
        UnpackLimits limits = ImageWiring.storeConfig(
                        Path.of("/r"), CortadoConfig.defaults().image())
                .unpackLimits();
        assertThat(limits).isEqualTo(UnpackLimits.defaults());
    }

    @Test
    void unpackLimitsAndHostKeys_fromTheConfigFile_areWired() {
        CortadoConfig config = loader.parse("""
                [image]
                max_layer_unpacked_bytes = 1000000
                max_image_unpacked_bytes = 3000000
                max_expansion_ratio = 40
                expansion_ratio_min_bytes = 0
                [registry.hosts."localhost:5000"]
                tls = true
                auth_realm_hosts = ["auth.example.com"]
                """, "f");
        UnpackLimits limits =
                ImageWiring.storeConfig(Path.of("/r"), config.image()).unpackLimits();
        assertThat(limits.maxBytes()).isEqualTo(1_000_000);
        assertThat(limits.maxImageBytes()).isEqualTo(3_000_000);
        assertThat(limits.maxRatio()).isEqualTo(40);
        assertThat(limits.ratioMinBytes()).isZero();
        RegistryConfig registry = ImageWiring.registryConfig(config.registry());
        assertThat(registry.host("localhost:5000").plainHttp("localhost:5000")).isFalse();
        assertThat(registry.host("localhost:5000").authRealmHosts()).containsExactly("auth.example.com");
        assertThat(registry.host("localhost:5001").plainHttp("localhost:5001")).isTrue();
    }

    @Test
    void badValues_areRejectedNamingTheKey() {
        assertThatThrownBy(() -> loader.parse("[image]\nmax_expansion_ratio = 0\n", "f"))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("image.max_expansion_ratio");
        assertThatThrownBy(() -> loader.parse("[registry.hosts.\"x\"]\nauth_realm_hosts = [\"https://a/b\"]\n", "f"))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("auth_realm_hosts");
        assertThatThrownBy(() -> loader.parse("[registry.hosts.\"x\"]\ninsecure = true\ntls = true\n", "f"))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("insecure and tls");
    }
}

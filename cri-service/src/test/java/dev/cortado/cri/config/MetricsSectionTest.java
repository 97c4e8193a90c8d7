package dev.cortado.cri.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import org.junit.jupiter.api.Test;

/** {@code [metrics] address}: off by default, HOST:PORT checked when the config is read, without DNS. */
class MetricsSectionTest {
    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void byDefault_thereIsNoEndpoint() {
        assertThat(CortadoConfig.defaults().metrics().enabled()).isFalse();
        assertThat(loader.parse("", "test").metrics()).isEqualTo(MetricsSection.defaults());
        assertThat(loader.defaultToml()).contains("metrics.address = ''");
    }

    @Test
    void addresses_giveHostAndPort() {
        MetricsSection v4 = loader.parse("[metrics]\naddress = \"127.0.0.1:1338\"\n", "test")
                .metrics();
        assertThat(v4.enabled()).isTrue();
        assertThat(v4.host()).isEqualTo("127.0.0.1");
        assertThat(v4.port()).isEqualTo(1338);
        assertThat(new MetricsSection("[::1]:9100").host()).isEqualTo("::1");
        assertThat(new MetricsSection(":9100").host()).isEmpty(); // every interface, as containerd's ":1338"
        assertThat(new MetricsSection("metrics.node-1.example:9100").host()).isEqualTo("metrics.node-1.example");
    }

    @Test
    void badAddresses_areInvalidArgumentNamingTheKey() {
        for (String bad : new String[] {
            "127.0.0.1",
            "127.0.0.1:0",
            "127.0.0.1:65536",
            "127.0.0.1:http",
            "300.0.0.1:9100",
            "::1:9100",
            "bad host:9100",
            "-x:9100",
            "http://127.0.0.1:9100"
        }) {
            assertThatThrownBy(() -> loader.parse("[metrics]\naddress = \"" + bad + "\"\n", "cortado.toml"))
                    .as(bad)
                    .isInstanceOf(CortadoException.class)
                    .hasMessageContaining("metrics.address")
                    .hasMessageContaining(bad)
                    .extracting(e -> ((CortadoException) e).kind())
                    .isEqualTo(ErrorKind.INVALID_ARGUMENT);
        }
        assertThatThrownBy(() -> loader.parse("[metrics]\nadress = \"127.0.0.1:1\"\n", "f"))
                .hasMessageContaining("adress");
    }
}

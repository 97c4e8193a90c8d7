package dev.cortado.cri.spec;

import static dev.cortado.cri.spec.Errors.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.api.cri.v1.Capability;
import dev.cortado.errors.ErrorKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilitySetsTest {
    private static List<String> resolve(Capability.Builder c) {
        return CapabilitySets.resolve(c.build(), FakeHost.ALL_CAPS);
    }

    @Test
    void nothingAsked_isContainerdsFourteen() {
        assertThat(resolve(Capability.newBuilder())).hasSize(14).containsExactlyElementsOf(CapabilitySets.DEFAULT);
    }

    @Test
    void addWithoutPrefix_inAnyCase() {
        assertThat(resolve(
                        Capability.newBuilder().addAddCapabilities("net_admin").addAddCapabilities("CAP_SYS_TIME")))
                .endsWith("CAP_NET_ADMIN", "CAP_SYS_TIME")
                .hasSize(16);
    }

    @Test
    void addTwice_isOnce() {
        assertThat(resolve(Capability.newBuilder().addAddCapabilities("CHOWN"))).hasSize(14);
    }

    @Test
    void dropOne() {
        assertThat(resolve(Capability.newBuilder().addDropCapabilities("NET_RAW")))
                .doesNotContain("CAP_NET_RAW")
                .hasSize(13);
    }

    @Test
    void addAll_isEveryHostCapability_thenDropsApply() {
        assertThat(resolve(Capability.newBuilder().addAddCapabilities("ALL"))).isEqualTo(FakeHost.ALL_CAPS);
        assertThat(resolve(Capability.newBuilder().addAddCapabilities("all").addDropCapabilities("CHOWN")))
                .hasSize(FakeHost.ALL_CAPS.size() - 1)
                .doesNotContain("CAP_CHOWN");
    }

    @Test
    void dropAll_isNone_thenAddsApply() {
        assertThat(resolve(Capability.newBuilder().addDropCapabilities("ALL"))).isEmpty();
        assertThat(resolve(Capability.newBuilder().addDropCapabilities("ALL").addAddCapabilities("KILL")))
                .containsExactly("CAP_KILL");
    }

    @Test
    void unknownAdd_isInvalid_unknownDropIsHarmless() {
        assertRefused(
                () -> resolve(Capability.newBuilder().addAddCapabilities("FLY")),
                ErrorKind.INVALID_ARGUMENT,
                "unknown capability \"FLY\"");
        assertRefused(
                () -> resolve(Capability.newBuilder().addAddCapabilities("NET ADMIN")),
                ErrorKind.INVALID_ARGUMENT,
                "unknown capability");
        assertThat(resolve(Capability.newBuilder().addDropCapabilities("CAP_FUTURE_THING")))
                .hasSize(14);
    }

    @Test
    void ambient_isUnimplemented() {
        assertRefused(
                () -> resolve(Capability.newBuilder().addAddAmbientCapabilities("NET_BIND_SERVICE")),
                ErrorKind.INVALID_ARGUMENT,
                "ambient capabilities");
    }
}

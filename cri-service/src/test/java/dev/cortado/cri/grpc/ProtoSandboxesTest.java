package dev.cortado.cri.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.api.cri.v1.LinuxPodSandboxConfig;
import dev.cortado.api.cri.v1.LinuxSandboxSecurityContext;
import dev.cortado.api.cri.v1.NamespaceMode;
import dev.cortado.api.cri.v1.NamespaceOption;
import dev.cortado.api.cri.v1.PodSandboxConfig;
import dev.cortado.api.cri.v1.PodSandboxMetadata;
import dev.cortado.api.cri.v1.PortMapping;
import dev.cortado.api.cri.v1.Protocol;
import dev.cortado.api.cri.v1.UserNamespace;
import dev.cortado.cri.sandbox.NamespaceOptions;
import dev.cortado.cri.sandbox.PodConfig;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import org.junit.jupiter.api.Test;

class ProtoSandboxesTest {
    private static final PodSandboxMetadata META = PodSandboxMetadata.newBuilder()
            .setName("n")
            .setUid("u")
            .setNamespace("ns")
            .setAttempt(2)
            .build();

    @Test
    void config_withoutLinux_hasCriDefaults() {
        PodConfig config = ProtoSandboxes.config(
                PodSandboxConfig.newBuilder().setMetadata(META).build(), "");

        assertThat(config.namespaces()).isEqualTo(NamespaceOptions.DEFAULT);
        assertThat(config.dns()).isEmpty();
        assertThat(config.metadata().reservedName()).isEqualTo("n_ns_u_2");
    }

    @Test
    void config_mapsPortsNamespacesAndUserNamespace() {
        PodConfig config = ProtoSandboxes.config(
                PodSandboxConfig.newBuilder()
                        .setMetadata(META)
                        .addPortMappings(PortMapping.newBuilder()
                                .setProtocol(Protocol.UDP)
                                .setContainerPort(53)
                                .setHostPort(5353))
                        .setLinux(LinuxPodSandboxConfig.newBuilder()
                                .setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
                                        .setNamespaceOptions(NamespaceOption.newBuilder()
                                                .setNetwork(NamespaceMode.NODE)
                                                .setPid(NamespaceMode.CONTAINER)
                                                .setUsernsOptions(UserNamespace.newBuilder()
                                                        .setMode(NamespaceMode.POD)))))
                        .build(),
                "runc");

        assertThat(config.portMappings().get(0).protocol()).isEqualTo("udp");
        assertThat(config.namespaces().hostNetwork()).isTrue();
        assertThat(config.namespaces().pid()).isEqualTo(dev.cortado.cri.sandbox.NamespaceMode.CONTAINER);
        assertThat(config.namespaces().userNamespace()).isEqualTo(dev.cortado.cri.sandbox.NamespaceMode.POD);
        assertThat(config.runtimeHandler()).isEqualTo("runc");
    }

    @Test
    void config_withoutMetadataOrWithEmptyUid_isInvalidArgument() {
        assertThatThrownBy(() -> ProtoSandboxes.config(PodSandboxConfig.getDefaultInstance(), ""))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
        assertThatThrownBy(() -> ProtoSandboxes.config(
                        PodSandboxConfig.newBuilder()
                                .setMetadata(META.toBuilder().setUid(""))
                                .build(),
                        ""))
                .hasMessageContaining("uid");
    }
}

package dev.cortado.cri.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SysctlsTest {
    private static final NamespaceOptions HOST_NET_AND_IPC =
            new NamespaceOptions(NamespaceMode.NODE, NamespaceMode.POD, NamespaceMode.NODE, "", NamespaceMode.NODE);

    @Test
    void validate_namespacedNames_areNormalizedToDots() {
        assertThat(Sysctls.validate(
                        Map.of(
                                "net/ipv4/ip_unprivileged_port_start",
                                "0",
                                "kernel.sem",
                                "250 32000 32 128",
                                "fs.mqueue.msg_max",
                                "20",
                                "kernel.msgmax",
                                "9000"),
                        NamespaceOptions.DEFAULT))
                .containsOnlyKeys(
                        "net.ipv4.ip_unprivileged_port_start", "kernel.sem", "fs.mqueue.msg_max", "kernel.msgmax");
    }

    @Test
    void validate_notNamespacedOrHostShared_isInvalidArgument() {
        for (Map<String, String> bad : Map.of(
                        "kernel.pid_max",
                        "1",
                        "vm.swappiness",
                        "1",
                        "kernel.semfoo",
                        "1",
                        "net..x",
                        "1",
                        "net.core.somaxconn",
                        "")
                .entrySet()
                .stream()
                .map(e -> Map.of(e.getKey(), e.getValue()))
                .toList()) {
            assertThatThrownBy(() -> Sysctls.validate(bad, NamespaceOptions.DEFAULT))
                    .isInstanceOfSatisfying(
                            CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
        }
        assertThatThrownBy(() -> Sysctls.validate(Map.of("net.core.somaxconn", "1"), HOST_NET_AND_IPC))
                .hasMessageContaining("host network");
        assertThatThrownBy(() -> Sysctls.validate(Map.of("kernel.shmmax", "1"), HOST_NET_AND_IPC))
                .hasMessageContaining("host ipc");
    }
}

package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SysctlPolicyTest {

    @Test
    void validate_namespacedSysctls_becomeProcSysPaths() {
        Map<String, String> paths = SysctlPolicy.validate(
                Map.of("net.ipv4.ip_unprivileged_port_start", "0", "kernel.shm_rmid_forced", "1"),
                Set.of("net", "ipc"));

        assertThat(paths)
                .containsExactly(
                        Map.entry("kernel/shm_rmid_forced", "1"),
                        Map.entry("net/ipv4/ip_unprivileged_port_start", "0"));
    }

    @Test
    void validate_netSysctlWithHostNetwork_isRejected() {
        assertThatThrownBy(() -> SysctlPolicy.validate(Map.of("net.ipv4.ip_forward", "1"), Set.of("ipc")))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("new net namespace");
    }

    @Test
    void validate_hostWideSysctl_isRejected() {
        assertThatThrownBy(() -> SysctlPolicy.validate(Map.of("vm.swappiness", "1"), Set.of("net", "ipc")))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("not namespaced");
    }

    @Test
    void validate_pathTraversalName_isRejected() {
        assertThatThrownBy(() -> SysctlPolicy.validate(Map.of("net/../kernel/core_pattern", "x"), Set.of("net")))
                .isInstanceOf(CortadoException.class);
    }

    @Test
    void validate_valueWithNewline_isRejected() {
        assertThatThrownBy(() -> SysctlPolicy.validate(Map.of("kernel.sem", "1\n2"), Set.of("ipc")))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("value");
    }
}

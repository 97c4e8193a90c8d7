package dev.cortado.shim.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.shim.launch.CapabilityMask;
import dev.cortado.shim.launch.MountFlags;
import dev.cortado.shim.launch.NamespacePlan;
import dev.cortado.shim.linux.LibSeccomp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The features document says what the launcher's tables accept, and no more. */
class OciFeaturesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final JsonNode features = JSON.readTree(OciFeatures.json());

    @Test
    void versionsAndHooks() {
        assertThat(features.path("ociVersionMin").asString()).isEqualTo("1.0.0");
        assertThat(features.path("ociVersionMax").asString()).isEqualTo("1.2.0");
        assertThat(features.path("hooks").isArray()).isTrue();
        assertThat(features.path("hooks")).as("no OCI hook runs").isEmpty();
    }

    @Test
    void mountOptions_areMountFlagsTable_withoutRecursiveReadOnly() {
        List<String> options = strings(features.path("mountOptions"));

        assertThat(options).contains("bind", "rbind", "ro", "nosuid", "rslave").doesNotContain("rro", "idmap");
        assertThat(options).containsExactlyElementsOf(MountFlags.recognized());
        assertThat(features.at("/linux/mountExtensions/idmap/enabled").asBoolean(true))
                .isFalse();
    }

    @Test
    void madeUpMountOption_inTheTable_isListed() {
        List<String> table = new ArrayList<>(MountFlags.recognized());
        table.add("x-made-up");
        OciFeatures.Names cortado = OciFeatures.Names.cortado();
        OciFeatures.Names names = new OciFeatures.Names(
                table,
                cortado.namespaces(),
                cortado.capabilities(),
                cortado.seccompActions(),
                cortado.seccompOperators(),
                cortado.seccompArchs());

        assertThat(strings(JSON.readTree(OciFeatures.json(names)).path("mountOptions")))
                .contains("x-made-up");
    }

    @Test
    void linux_namespacesAndCapabilities_comeFromTheLauncher() {
        JsonNode linux = features.path("linux");

        assertThat(strings(linux.path("namespaces")))
                .containsExactlyElementsOf(NamespacePlan.ociTypes())
                .contains("cgroup", "ipc", "mount", "network", "pid", "user", "uts");
        assertThat(strings(linux.path("capabilities"))).containsExactlyElementsOf(CapabilityMask.ALL);
    }

    @Test
    void cgroup_v2Only_withoutSystemd() {
        JsonNode cgroup = features.at("/linux/cgroup");

        assertThat(cgroup.path("v2").asBoolean(false)).isTrue();
        assertThat(cgroup.path("v1").asBoolean(true)).isFalse();
        assertThat(cgroup.path("systemd").asBoolean(true)).isFalse();
        assertThat(cgroup.path("rdma").asBoolean(false)).isTrue();
    }

    @Test
    void seccomp_isLibSeccompsTables() {
        JsonNode seccomp = features.at("/linux/seccomp");

        assertThat(seccomp.path("enabled").asBoolean(false)).isTrue();
        assertThat(strings(seccomp.path("actions")))
                .contains("SCMP_ACT_ERRNO", "SCMP_ACT_ALLOW")
                .doesNotContain("SCMP_ACT_NOTIFY")
                .containsExactlyElementsOf(LibSeccomp.actions());
        assertThat(strings(seccomp.path("operators"))).containsExactlyElementsOf(LibSeccomp.operators());
        assertThat(strings(seccomp.path("archs")))
                .contains("SCMP_ARCH_X86_64")
                .containsExactlyElementsOf(LibSeccomp.architectures());
        assertThat(seccomp.path("knownFlags").isArray()).isTrue();
        assertThat(seccomp.path("knownFlags")).isEmpty();
    }

    @Test
    void securityModules_areDisabled() {
        for (String module : List.of("apparmor", "selinux", "intelRdt", "netDevices")) {
            assertThat(features.at("/linux/" + module + "/enabled").asBoolean(true))
                    .as(module)
                    .isFalse();
        }
    }

    private static List<String> strings(JsonNode array) {
        assertThat(array.isArray()).isTrue();
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }
}

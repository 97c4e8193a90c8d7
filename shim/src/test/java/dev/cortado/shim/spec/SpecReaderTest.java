package dev.cortado.shim.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cgroups.resources.OciLinuxResources;
import dev.cortado.errors.CortadoException;
import org.junit.jupiter.api.Test;

class SpecReaderTest {
    private static final String CONFIG = """
            {"ociVersion": "1.0.2",
             "process": {"terminal": false, "user": {"uid": 1000, "gid": 1000, "additionalGids": [10]},
               "args": ["sh"], "env": ["PATH=/bin"], "cwd": "/work",
               "capabilities": {"bounding": ["CAP_KILL"], "effective": ["CAP_KILL"], "permitted": ["CAP_KILL"]},
               "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024}],
               "noNewPrivileges": true, "oomScoreAdj": 100, "apparmorProfile": "x"},
             "root": {"path": "rootfs", "readonly": true},
             "hostname": "box",
             "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"}],
             "linux": {"namespaces": [{"type": "pid"}, {"type": "network", "path": "/run/netns/x"}],
               "maskedPaths": ["/proc/kcore"], "readonlyPaths": ["/proc/sys"],
               "seccomp": {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
                 "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]},
               "resources": {"devices": [{"allow": false, "access": "rwm"}]}}}
            """;

    @Test
    void parse_runcStyleConfig_keepsWhatTheLauncherUses() {
        Spec spec = new SpecReader().parse(CONFIG);

        assertThat(spec.process().user()).isEqualTo(new ProcessSpec.User(1000, 1000, java.util.List.of(10L)));
        assertThat(spec.process().noNewPrivileges()).isTrue();
        assertThat(spec.process().oomScoreAdj()).isEqualTo(100);
        assertThat(spec.process().capabilities().inheritable()).isEmpty();
        assertThat(spec.root()).isEqualTo(new Spec.Root("rootfs", true));
        assertThat(spec.linux().namespaces())
                .containsExactly(
                        new LinuxSpec.Namespace("pid", null), new LinuxSpec.Namespace("network", "/run/netns/x"));
        assertThat(spec.linux().seccomp().syscalls().get(0).names()).containsExactly("read");
    }

    @Test
    void parse_resources_keepsLimitsForTheCgroupsLibrary() {
        String json = """
                {"process": {"args": ["sh"]}, "linux": {"resources": {
                  "devices": [{"allow": false, "access": "rwm"}],
                  "memory": {"limit": 67108864, "swap": 134217728},
                  "cpu": {"shares": 512, "quota": 50000, "period": 100000, "cpus": "0-1"},
                  "pids": {"limit": 100},
                  "hugepageLimits": [{"pageSize": "2MB", "limit": 0}],
                  "unified": {"memory.high": "max"}}}}
                """;

        LinuxSpec.Resources r = new SpecReader().parse(json).linux().resources();

        assertThat(r.devices()).hasSize(1);
        assertThat(r.limits().memory().limit()).isEqualTo(67108864L);
        assertThat(r.limits().memory().swap()).isEqualTo(134217728L);
        assertThat(r.limits().cpu().shares()).isEqualTo(512L);
        assertThat(r.limits().cpu().cpus()).isEqualTo("0-1");
        assertThat(r.limits().pids()).isEqualTo(100L);
        assertThat(r.limits().hugepageLimits()).hasSize(1);
        assertThat(r.limits().unified()).containsEntry("memory.high", "max");
    }

    @Test
    void parse_deviceRulesOnly_asksForNoLimits() {
        LinuxSpec.Resources r = new SpecReader().parse(CONFIG).linux().resources();

        assertThat(r.limits()).isEqualTo(OciLinuxResources.builder().build());
    }

    @Test
    void parse_uidAboveInt32_isInvalid() {
        // CVE-2024-40635: a uid that overflows must never become root
        String json = "{\"process\": {\"user\": {\"uid\": 4294967296, \"gid\": 0}, \"args\": [\"sh\"]}}";

        assertThatThrownBy(() -> new SpecReader().parse(json)).isInstanceOf(CortadoException.class);
    }
}

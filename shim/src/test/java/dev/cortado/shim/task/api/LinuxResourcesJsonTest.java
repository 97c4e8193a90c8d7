package dev.cortado.shim.task.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.cgroups.resources.OciLinuxResources;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Update reads every limit a bundle's linux.resources can hold, not only memory/cpu/pids. */
class LinuxResourcesJsonTest {
    private static OciLinuxResources parse(String json) {
        return LinuxResourcesJson.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyLimitKind_isRead() {
        OciLinuxResources r = parse("""
                {"memory": {"limit": 268435456, "swap": 536870912},
                 "cpu": {"shares": 512, "quota": 50000, "period": 100000, "cpus": "0-1"},
                 "pids": {"limit": 64},
                 "blockIO": {"weight": 300,
                   "throttleReadBpsDevice": [{"major": 8, "minor": 0, "rate": 1048576}]},
                 "hugepageLimits": [{"pageSize": "2MB", "limit": 4194304}],
                 "rdma": {"mlx5_0": {"hcaHandles": 3, "hcaObjects": 100}},
                 "unified": {"memory.high": "200000000"},
                 "devices": [{"allow": false, "access": "rwm"}]}
                """);

        assertThat(r.memory().limit()).isEqualTo(268435456L);
        assertThat(r.cpu().cpus()).isEqualTo("0-1");
        assertThat(r.pids()).isEqualTo(64L);
        assertThat(r.blockIO().weight()).isEqualTo(300);
        assertThat(r.blockIO().throttleReadBpsDevice()).hasSize(1);
        assertThat(r.hugepageLimits())
                .singleElement()
                .satisfies(h -> assertThat(h.pageSize()).isEqualTo("2MB"));
        assertThat(r.rdma()).containsKey("mlx5_0");
        assertThat(r.unified()).containsEntry("memory.high", "200000000");
    }

    @Test
    void notJson_isInvalid() {
        assertThatThrownBy(() -> parse("{\"pids\": {\"limit\": \"many\"}}"))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
        assertThatThrownBy(() -> parse("null"))
                .isInstanceOfSatisfying(
                        CortadoException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
    }
}

package dev.cortado.cri.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.cgroups.HierarchyDetector;
import dev.cortado.cgroups.RealCgroupFs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupV2CheckTest {
    @TempDir
    Path base;

    private CgroupV2Check check() {
        return new CgroupV2Check(new HierarchyDetector(new RealCgroupFs(), base));
    }

    @Test
    void hybridLayout_isReady() throws Exception {
        Files.createDirectories(base.resolve("unified"));
        Files.writeString(base.resolve("unified/cgroup.controllers"), "\n");
        assertThat(check().check()).isEmpty();
    }

    @Test
    void pureV2Layout_isReady() throws Exception {
        Files.writeString(base.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
        assertThat(check().check()).isEmpty();
    }

    @Test
    void v1OnlyLayout_failsWithReason() throws Exception {
        Files.createDirectories(base.resolve("memory"));
        assertThat(check().check()).hasValueSatisfying(f -> {
            assertThat(f.reason()).isEqualTo("CgroupV2Missing");
            assertThat(f.message()).contains(base.toString());
        });
    }
}

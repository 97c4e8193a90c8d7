package dev.cortado.cri.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupV2CheckTest {
    // Lines from real hosts: a hybrid layout (v1 controllers + unified) and a pure v2 one.
    private static final String HYBRID = """
            30 24 0:26 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:4 - tmpfs tmpfs ro,mode=755
            31 30 0:27 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:5 - cgroup2 cgroup2 rw,nsdelegate
            32 30 0:28 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:6 - cgroup cgroup rw,memory
            """;
    private static final String PURE = "35 24 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw\n";
    private static final String V1_ONLY = "32 30 0:28 / /sys/fs/cgroup/memory rw,relatime shared:6 - cgroup cgroup rw,memory\n";

    @Test
    void hybridHost_findsUnifiedMount() {
        assertThat(CgroupV2Check.cgroup2MountPoint(HYBRID.lines().toList())).contains("/sys/fs/cgroup/unified");
    }

    @Test
    void pureV2Host_findsRootMount() {
        assertThat(CgroupV2Check.cgroup2MountPoint(List.of(PURE))).contains("/sys/fs/cgroup");
    }

    @Test
    void v1OnlyHost_failsWithReason(@TempDir Path dir) throws Exception {
        Path mountinfo = Files.writeString(dir.resolve("mountinfo"), V1_ONLY);
        assertThat(new CgroupV2Check(mountinfo).check()).hasValueSatisfying(f -> {
            assertThat(f.reason()).isEqualTo("CgroupV2Missing");
            assertThat(f.message()).contains("no cgroup2");
        });
    }

    @Test
    void unreadableMountinfo_failsNamingTheFile(@TempDir Path dir) {
        assertThat(new CgroupV2Check(dir.resolve("absent")).check())
                .hasValueSatisfying(f -> assertThat(f.message()).contains("absent"));
    }
}

package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.shim.spec.DefaultSpec;
import dev.cortado.shim.spec.LinuxSpec;
import dev.cortado.shim.spec.LinuxSpec.IdMapping;
import dev.cortado.shim.spec.ProcessSpec;
import dev.cortado.shim.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserNamespaceMapsTest {
    @TempDir
    Path proc;

    private Spec joining(String nsPath, ProcessSpec.User user) {
        Spec s = DefaultSpec.of("/run/c1/rootfs", List.of("true"));
        List<LinuxSpec.Namespace> ns = new ArrayList<>(s.linux().namespaces());
        ns.add(new LinuxSpec.Namespace("user", nsPath));
        ProcessSpec p = s.process();
        return s.withLinux(s.linux().withNamespaces(ns))
                .withProcess(p.toBuilder()
                        .terminal(false)
                        .user(user)
                        .noNewPrivileges(false)
                        .oomScoreAdj(null)
                        .build());
    }

    private PlanBuilder builder() throws Exception {
        Path pid = Files.createDirectories(proc.resolve("42"));
        Files.writeString(pid.resolve("uid_map"), "         0     100000      65536\n");
        Files.writeString(pid.resolve("gid_map"), "         0     100000      65536\n");
        return new PlanBuilder(x -> new byte[8], Path.of("/sys/fs/cgroup"), proc);
    }

    @Test
    void parse_kernelFormat_givesRanges() {
        assertThat(UserNamespaceMaps.parse("         0     100000      65536\n      70000    200000  10\n"))
                .containsExactly(new IdMapping(0, 100000, 65536), new IdMapping(70000, 200000, 10));
    }

    @Test
    void build_joinedUserNamespace_joinsByPathAndWritesNoMaps() throws Exception {
        List<PlanWriter.Entry> records = builder()
                .build(joining("/proc/42/ns/user", null), Path.of("/run/s"))
                .entries();

        assertThat(records).anyMatch(e -> e.key().equals("ns") && e.text().equals(List.of("user", "/proc/42/ns/user")));
        assertThat(records).noneMatch(e -> e.key().equals("uidmap") || e.key().equals("gidmap"));
    }

    @Test
    void build_userUnmappedInTheJoinedNamespace_isRejected() throws Exception {
        PlanBuilder b = builder();

        assertThatThrownBy(() -> b.build(
                        joining("/proc/42/ns/user", new ProcessSpec.User(70000, 0, List.of())), Path.of("/run/s")))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("uid 70000 is not mapped in user namespace /proc/42/ns/user");
    }

    @Test
    void build_pinnedNamespaceWithSpecMappings_checksAgainstThem() throws Exception {
        Spec s = joining("/run/userns/pod", new ProcessSpec.User(0, 5, List.of()));
        Spec described = s.withLinux(s.linux()
                .withUserNamespace(List.of(new IdMapping(0, 100000, 1)), List.of(new IdMapping(0, 100000, 1)))
                .withNamespaces(s.linux().namespaces()));

        assertThatThrownBy(() -> builder().build(described, Path.of("/run/s")))
                .hasMessageContaining("gid 5 is not mapped in user namespace /run/userns/pod");
    }
}

package dev.cortado.shim.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.cgroups.resources.HugepageLimit;
import dev.cortado.cgroups.resources.OciLinuxResources;
import dev.cortado.cgroups.resources.RdmaLimit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * toBuilder().build() gives back an equal record: every component, each set here to a value that
 * is not its default, goes through the builder (a component added to a record but not to its
 * builder's copy shows up here).
 */
class SpecBuildersTest {
    @Test
    void processSpec_roundTripsEveryComponent() {
        ProcessSpec p = new ProcessSpec(
                true,
                new ProcessSpec.User(1, 2, List.of(3L)),
                List.of("sh"),
                List.of("A=b"),
                "/work",
                new ProcessSpec.Capabilities(List.of("CAP_KILL"), null, null, null, null),
                List.of(new ProcessSpec.Rlimit("RLIMIT_NOFILE", 2, 1)),
                true,
                7);

        assertThat(p.toBuilder().build()).isEqualTo(p);
    }

    @Test
    void linuxSpec_andItsResources_roundTripEveryComponent() {
        LinuxSpec.Resources r = new LinuxSpec.Resources(
                List.of(new LinuxSpec.DeviceRule(true, "c", 1L, 3L, "rw")),
                OciLinuxResources.Memory.builder().limit(1L).build(),
                OciLinuxResources.Cpu.builder().shares(2L).build(),
                new LinuxSpec.Pids(3L),
                new OciLinuxResources.BlockIo(10, null, null, null, null, null, null),
                List.of(new HugepageLimit("2MB", 4)),
                Map.of("mlx5_0", new RdmaLimit(1, 1)),
                Map.of("k", "v"));
        LinuxSpec l = new LinuxSpec(
                List.of(new LinuxSpec.Namespace("pid", null)),
                "/pod/c",
                Map.of("net.x", "1"),
                List.of("/proc/kcore"),
                List.of("/proc/sys"),
                "rshared",
                new SeccompProfile("SCMP_ACT_ERRNO", null, List.of(), List.of()),
                List.of(new LinuxSpec.Device("/dev/x", "c", 1, 3, null, null, null)),
                r,
                List.of(new LinuxSpec.IdMapping(0, 1000, 1)),
                List.of(new LinuxSpec.IdMapping(0, 2000, 1)));

        assertThat(r.toBuilder().build()).isEqualTo(r);
        assertThat(l.toBuilder().build()).isEqualTo(l);
        assertThat(LinuxSpec.builder().build()).isEqualTo(LinuxSpec.empty());
    }

    @Test
    void ociLinuxResources_roundTripsEveryComponent() {
        OciLinuxResources.Memory m = new OciLinuxResources.Memory(1L, 2L, 3L, 4L, 5L, 6L, true, false);
        OciLinuxResources.Cpu c = new OciLinuxResources.Cpu(1L, 2L, 3L, 4L, 5L, 6L, "0", "0", 1L);
        OciLinuxResources o = new OciLinuxResources(
                m,
                c,
                5L,
                null,
                List.of(new HugepageLimit("2MB", 4)),
                Map.of("mlx5_0", new RdmaLimit(1, 1)),
                Map.of("k", "v"));

        assertThat(m.toBuilder().build()).isEqualTo(m);
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(o.toBuilder().build()).isEqualTo(o);
    }
}

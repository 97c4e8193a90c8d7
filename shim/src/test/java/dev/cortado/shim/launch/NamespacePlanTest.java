package dev.cortado.shim.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.shim.spec.LinuxSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The namespace types NamespacePlan advertises (OCI features) are the ones it writes. */
class NamespacePlanTest {

    @Test
    void ociTypes_areTheSevenLinuxNamespaces() {
        assertThat(NamespacePlan.ociTypes()).containsExactly("cgroup", "ipc", "mount", "network", "pid", "user", "uts");
    }

    @Test
    void write_acceptsEveryOciTypeAndWritesItsKernelName() {
        for (String type : NamespacePlan.ociTypes()) {
            PlanWriter plan = new PlanWriter();
            LinuxSpec linux = LinuxSpec.empty().withNamespaces(List.of(new LinuxSpec.Namespace(type, "/proc/1/ns/x")));

            NamespacePlan.write(plan, linux);

            assertThat(plan.entries().stream()
                            .filter(e -> e.key().equals("ns"))
                            .map(e -> e.text().get(0)))
                    .as(type)
                    .containsExactly(NamespacePlan.TYPES.get(type));
        }
    }

    @Test
    void write_unknownType_isRefused() {
        LinuxSpec linux = LinuxSpec.empty().withNamespaces(List.of(new LinuxSpec.Namespace("time", null)));

        assertThatThrownBy(() -> NamespacePlan.write(new PlanWriter(), linux))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("time");
    }
}

package dev.cortado.cri.spec;

import static dev.cortado.cri.spec.Errors.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.api.cri.v1.NamespaceMode;
import dev.cortado.api.cri.v1.NamespaceOption;
import dev.cortado.api.cri.v1.UserNamespace;
import dev.cortado.cri.spec.OciLinux.Namespace;
import dev.cortado.errors.ErrorKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamespacesBuilderTest {
    private static final NamespaceOption POD = NamespaceOption.getDefaultInstance();

    private static List<String> types(List<Namespace> ns) {
        return ns.stream()
                .map(n -> n.type() + (n.path().isEmpty() ? "" : "=" + n.path()))
                .toList();
    }

    private static PodFacts facts() {
        return PodFacts.pinned("p1", "/ns", "/pod", "h");
    }

    @Test
    void podMode_joinsEveryPinnedNamespace() {
        assertThat(types(NamespacesBuilder.build(POD, POD, facts(), "", true)))
                .containsExactly("network=/ns/net", "ipc=/ns/ipc", "uts=/ns/uts", "pid=/ns/pid", "mount", "cgroup");
    }

    @Test
    void containerPid_isANewNamespace_targetJoinsTheTargets() {
        var container =
                NamespaceOption.newBuilder().setPid(NamespaceMode.CONTAINER).build();
        assertThat(types(NamespacesBuilder.build(container, POD, facts(), "", false)))
                .contains("pid")
                .doesNotContain("cgroup");
        var target = NamespaceOption.newBuilder()
                .setPid(NamespaceMode.TARGET)
                .setTargetId("abc")
                .build();
        assertThat(types(NamespacesBuilder.build(target, POD, facts(), "/proc/42/ns/pid", true)))
                .contains("pid=/proc/42/ns/pid");
        assertRefused(
                () -> NamespacesBuilder.build(target, POD, facts(), "", true),
                ErrorKind.INVALID_ARGUMENT,
                "target container \"abc\"");
    }

    @Test
    void hostModes_leaveTheNamespaceOut() {
        var host = NamespaceOption.newBuilder()
                .setNetwork(NamespaceMode.NODE)
                .setIpc(NamespaceMode.NODE)
                .setPid(NamespaceMode.NODE)
                .build();
        PodFacts hostFacts = new PodFacts("p1", "", "", "", "", "h", "", "", "", "");
        assertThat(types(NamespacesBuilder.build(host, host, hostFacts, "", true)))
                .containsExactly("mount", "cgroup");
    }

    @Test
    void podModeWithoutAPin_failsClosed() {
        PodFacts noNet = new PodFacts("p1", "", "/ns/ipc", "/ns/uts", "/ns/pid", "h", "", "", "", "");
        assertRefused(
                () -> NamespacesBuilder.build(POD, POD, noNet, "", true),
                ErrorKind.FAILED_PRECONDITION,
                "pod p1 has no network namespace pinned");
    }

    @Test
    void userNamespaces_areUnimplemented() {
        var userns = NamespaceOption.newBuilder()
                .setUsernsOptions(UserNamespace.newBuilder().setMode(NamespaceMode.POD))
                .build();
        assertRefused(
                () -> NamespacesBuilder.build(userns, userns, facts(), "", true),
                ErrorKind.UNIMPLEMENTED,
                "user namespaces");
        var nodeUserns = NamespaceOption.newBuilder()
                .setUsernsOptions(UserNamespace.newBuilder().setMode(NamespaceMode.NODE))
                .build();
        assertThat(NamespacesBuilder.build(nodeUserns, nodeUserns, facts(), "", true))
                .hasSize(6);
    }
}

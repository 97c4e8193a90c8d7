package dev.cortado.shim.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cortado.errors.CortadoException;
import dev.cortado.shim.spec.RuntimeDefaultSeccomp;
import dev.cortado.shim.spec.SeccompProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

class LibSeccompTest {
    private final LibSeccomp compiler = new LibSeccomp(new LibcSyscalls());

    @Test
    void compile_runtimeDefault_givesWholeSockFilters() {
        byte[] bpf = compiler.compile(RuntimeDefaultSeccomp.profile());

        assertThat(bpf.length).isPositive();
        assertThat(bpf.length % 8).isZero();
    }

    @Test
    void compile_checksArchitectureFirst() {
        // BPF_LD|BPF_W|BPF_ABS of seccomp_data.arch (offset 4): an i386 or x32 call can never
        // be matched against x86_64 numbers (research/reliability.md A12)
        byte[] bpf = compiler.compile(RuntimeDefaultSeccomp.profile());

        assertThat(bpf[0]).isEqualTo((byte) 0x20);
        assertThat(bpf[4]).isEqualTo((byte) 4);
    }

    @Test
    void compile_unknownSyscallName_isSkipped() {
        SeccompProfile p = new SeccompProfile(
                "SCMP_ACT_ALLOW",
                null,
                List.of(),
                List.of(new SeccompProfile.Syscall(List.of("no_such_syscall"), "SCMP_ACT_ERRNO", 1, List.of())));

        assertThat(compiler.compile(p)).isNotEmpty();
    }

    @Test
    void advertisedNames_allCompile() {
        // what -info advertises (OciFeatures) must be what compile accepts
        for (String action : LibSeccomp.actions()) {
            SeccompProfile p = new SeccompProfile(
                    "SCMP_ACT_ALLOW",
                    null,
                    List.of(),
                    List.of(new SeccompProfile.Syscall(List.of("getpid"), action, null, List.of())));
            assertThat(compiler.compile(p)).as(action).isNotEmpty();
        }
        for (String op : LibSeccomp.operators()) {
            SeccompProfile.Arg arg = new SeccompProfile.Arg(0, 1, 1, op);
            SeccompProfile p = new SeccompProfile(
                    "SCMP_ACT_ALLOW",
                    null,
                    List.of(),
                    List.of(new SeccompProfile.Syscall(List.of("personality"), "SCMP_ACT_ERRNO", 1, List.of(arg))));
            assertThat(compiler.compile(p)).as(op).isNotEmpty();
        }
        SeccompProfile archs =
                new SeccompProfile("SCMP_ACT_ERRNO", null, List.copyOf(LibSeccomp.architectures()), List.of());
        assertThat(compiler.compile(archs)).isNotEmpty();
        assertThat(LibSeccomp.actions())
                .contains("SCMP_ACT_ERRNO", "SCMP_ACT_ALLOW")
                .doesNotContain("SCMP_ACT_NOTIFY");
    }

    @Test
    void compile_unknownAction_isInvalid() {
        SeccompProfile p = new SeccompProfile("SCMP_ACT_NOTIFY", null, List.of(), List.of());

        assertThatThrownBy(() -> compiler.compile(p))
                .isInstanceOf(CortadoException.class)
                .hasMessageContaining("SCMP_ACT_NOTIFY");
    }
}

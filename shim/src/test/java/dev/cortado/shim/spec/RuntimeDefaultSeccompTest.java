package dev.cortado.shim.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.shim.spec.SeccompProfile.Syscall;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuntimeDefaultSeccompTest {

    private static List<String> unconditionallyAllowed(SeccompProfile p) {
        List<String> names = new ArrayList<>();
        p.syscalls().stream()
                .filter(s -> s.action().equals("SCMP_ACT_ALLOW") && s.args().isEmpty())
                .forEach(s -> names.addAll(s.names()));
        return names;
    }

    @Test
    void profile_refusesWhatItDoesNotListWithEperm() {
        SeccompProfile p = RuntimeDefaultSeccomp.profile();

        assertThat(p.defaultAction()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(p.defaultErrnoRet()).isNull(); // EPERM
        assertThat(p.architectures()).containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
        assertThat(unconditionallyAllowed(p))
                .contains("read", "execve", "openat", "capset", "arch_prctl")
                .doesNotContain(
                        "mount",
                        "unshare",
                        "setns",
                        "keyctl",
                        "add_key",
                        "bpf",
                        "kexec_load",
                        "open_by_handle_at",
                        "reboot",
                        "init_module",
                        "clone",
                        "clone3",
                        "personality");
    }

    @Test
    void profile_withoutSysAdmin_allowsCloneOnlyWithoutNamespaceFlagsAndClone3IsEnosys() {
        SeccompProfile p = RuntimeDefaultSeccomp.profile();

        assertThat(p.syscalls())
                .contains(new Syscall(
                        List.of("clone"),
                        "SCMP_ACT_ALLOW",
                        null,
                        List.of(new SeccompProfile.Arg(0, 0x7e020000L, 0, "SCMP_CMP_MASKED_EQ"))));
        assertThat(p.syscalls()).contains(new Syscall(List.of("clone3"), "SCMP_ACT_ERRNO", 38, List.of()));
    }

    @Test
    void profile_withSysAdmin_allowsMountUnshareAndPlainClone() {
        List<String> caps = new ArrayList<>(DefaultSpec.CAPABILITIES);
        caps.add("CAP_SYS_ADMIN");

        SeccompProfile p = RuntimeDefaultSeccomp.profile(caps);

        assertThat(unconditionallyAllowed(p)).contains("mount", "umount2", "unshare", "setns", "clone", "clone3");
        assertThat(p.syscalls()).noneMatch(s -> s.action().equals("SCMP_ACT_ERRNO"));
    }

    @Test
    void profile_addsSyscallsPerBoundingCapability() {
        SeccompProfile p = RuntimeDefaultSeccomp.profile(List.of("CAP_SYS_PTRACE", "CAP_SYS_BOOT", "CAP_SYS_TIME"));

        assertThat(unconditionallyAllowed(p))
                .contains("process_vm_readv", "kcmp", "reboot", "settimeofday")
                .doesNotContain("mount", "chroot", "acct");
    }

    @Test
    void profile_allowsOnlyListedPersonalities() {
        List<Long> values = RuntimeDefaultSeccomp.profile().syscalls().stream()
                .filter(s -> s.names().equals(List.of("personality")))
                .map(s -> s.args().get(0).value())
                .toList();

        assertThat(values).containsExactly(0x0L, 0x8L, 0x20000L, 0x20008L, 0xffffffffL);
    }
}

package dev.cortado.shim.spec;

import java.util.List;

/**
 * The OCI {@code linux.seccomp} object, compiled to BPF by the shim's libseccomp binding.
 *
 * @param defaultAction SCMP_ACT_ALLOW, SCMP_ACT_ERRNO, ...
 * @param defaultErrnoRet the errno of an ERRNO default action (EPERM when null)
 * @param architectures SCMP_ARCH_* names besides the native one
 * @param syscalls rules, each applying its action to some syscalls
 */
public record SeccompProfile(
        String defaultAction, Integer defaultErrnoRet, List<String> architectures, List<Syscall> syscalls) {

    public SeccompProfile {
        if (defaultAction == null) {
            throw new IllegalArgumentException("seccomp defaultAction is required");
        }
        architectures = architectures == null ? List.of() : List.copyOf(architectures);
        syscalls = syscalls == null ? List.of() : List.copyOf(syscalls);
    }

    /** One rule; all its args conditions must hold (AND, as libseccomp and runc do). */
    public record Syscall(List<String> names, String action, Integer errnoRet, List<Arg> args) {
        public Syscall {
            names = names == null ? List.of() : List.copyOf(names);
            args = args == null ? List.of() : List.copyOf(args);
        }
    }

    /** A condition on one syscall argument; op is SCMP_CMP_EQ, SCMP_CMP_MASKED_EQ, ... */
    public record Arg(int index, long value, long valueTwo, String op) {}
}

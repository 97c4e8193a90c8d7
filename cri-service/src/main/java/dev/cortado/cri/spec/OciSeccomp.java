package dev.cortado.cri.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The OCI {@code linux.seccomp} object: the default action, the architectures and the rules.
 * Cortado writes RuntimeDefault as such an object (the shim compiles it to BPF), and reads a
 * Localhost profile file into one, as containerd does.
 *
 * @param defaultAction SCMP_ACT_ALLOW, SCMP_ACT_ERRNO, ...
 * @param defaultErrnoRet the errno of an ERRNO default action (EPERM when null)
 * @param architectures SCMP_ARCH_* names
 * @param flags SECCOMP_FILTER_FLAG_* names
 * @param syscalls rules, each applying its action to some syscalls
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record OciSeccomp(
        String defaultAction,
        Integer defaultErrnoRet,
        List<String> architectures,
        List<String> flags,
        List<Syscall> syscalls) {

    public OciSeccomp {
        if (defaultAction == null || defaultAction.isEmpty()) {
            throw new IllegalArgumentException("seccomp defaultAction is required");
        }
        architectures = architectures == null ? List.of() : List.copyOf(architectures);
        flags = flags == null ? List.of() : List.copyOf(flags);
        syscalls = syscalls == null ? List.of() : List.copyOf(syscalls);
    }

    /** One rule; all its argument conditions must hold. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Syscall(List<String> names, String action, Integer errnoRet, List<Arg> args) {
        public Syscall {
            if (names == null || names.isEmpty() || action == null || action.isEmpty()) {
                throw new IllegalArgumentException("a seccomp rule needs names and an action");
            }
            names = List.copyOf(names);
            args = args == null ? List.of() : List.copyOf(args);
        }
    }

    /** A condition on one syscall argument; op is SCMP_CMP_EQ, SCMP_CMP_MASKED_EQ, ... */
    public record Arg(int index, long value, long valueTwo, String op) {}
}

package dev.cortado.cri.spec;

import dev.cortado.cri.spec.OciSeccomp.Arg;
import dev.cortado.cri.spec.OciSeccomp.Syscall;
import dev.cortado.oci.CapabilitySyscalls;
import dev.cortado.oci.DefaultSyscalls;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * containerd's RuntimeDefault seccomp profile (contrib/seccomp/seccomp_default.go): an allow
 * list whose default action is ERRNO(EPERM), widened by the capabilities in the container's
 * bounding set (research/reliability.md §2.6).
 *
 * <p>Without CAP_SYS_ADMIN, clone is allowed only without namespace flags and clone3 fails
 * with ENOSYS, so that libc falls back to clone, whose flags the filter can see.
 */
final class RuntimeDefaultSeccomp {
    /** CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET. */
    static final long CLONE_NAMESPACE_FLAGS =
            0x20000L | 0x2000000L | 0x4000000L | 0x8000000L | 0x10000000L | 0x20000000L | 0x40000000L;

    private static final int ENOSYS = 38;
    private static final String ALLOW = "SCMP_ACT_ALLOW";

    private RuntimeDefaultSeccomp() {}

    /**
     * The profile for a container whose bounding set is {@code bounding} (CAP_* names): the
     * bounding set, not the effective one, because a process may raise a bounded capability later.
     */
    static OciSeccomp profile(Collection<String> bounding) {
        List<Syscall> rules = new ArrayList<>();
        rules.add(allow(DefaultSyscalls.ALWAYS));
        rules.add(allow(DefaultSyscalls.PTRACE));
        rules.add(allow(DefaultSyscalls.AMD64));
        for (long persona : DefaultSyscalls.PERSONALITIES) {
            // one rule per value: rules are ORed, the conditions inside one rule are ANDed
            rules.add(new Syscall(List.of("personality"), ALLOW, null, List.of(new Arg(0, persona, 0, "SCMP_CMP_EQ"))));
        }
        CapabilitySyscalls.BY_CAPABILITY.entrySet().stream()
                .filter(e -> bounding.contains(e.getKey()))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> rules.add(allow(e.getValue())));
        if (!bounding.contains("CAP_SYS_ADMIN")) {
            rules.add(new Syscall(
                    List.of("clone"),
                    ALLOW,
                    null,
                    List.of(new Arg(0, CLONE_NAMESPACE_FLAGS, 0, "SCMP_CMP_MASKED_EQ"))));
            rules.add(new Syscall(List.of("clone3"), "SCMP_ACT_ERRNO", ENOSYS, List.of()));
        }
        return new OciSeccomp(
                "SCMP_ACT_ERRNO",
                null,
                List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"),
                List.of(),
                rules);
    }

    private static Syscall allow(List<String> names) {
        return new Syscall(names, ALLOW, null, List.of());
    }
}

package dev.cortado.shim.spec;

import dev.cortado.shim.spec.SeccompProfile.Arg;
import dev.cortado.shim.spec.SeccompProfile.Syscall;
import java.util.ArrayList;
import java.util.List;

/**
 * A RuntimeDefault-style seccomp profile written as a deny list: the syscalls that
 * containerd's default profile leaves out for a container without CAP_SYS_ADMIN fail with
 * EPERM, clone with a namespace flag fails with EPERM, and clone3 fails with ENOSYS so that
 * libc falls back to clone (research/reliability.md §2.6, A12).
 *
 * <p>containerd's real profile is an allow list; porting it is tracked as follow-up work.
 */
public final class RuntimeDefaultSeccomp {
    /** Syscalls refused with EPERM. */
    public static final List<String> DENIED = List.of("acct", "add_key", "bpf", "clock_adjtime",
            "clock_settime", "create_module", "delete_module", "finit_module", "fsconfig", "fsmount",
            "fsopen", "fspick", "get_kernel_syms", "get_mempolicy", "init_module", "ioperm", "iopl",
            "kcmp", "kexec_file_load", "kexec_load", "keyctl", "lookup_dcookie", "mbind", "mount",
            "mount_setattr", "move_mount", "move_pages", "name_to_handle_at", "nfsservctl",
            "open_by_handle_at", "open_tree", "perf_event_open", "pivot_root", "process_vm_readv",
            "process_vm_writev", "ptrace", "query_module", "quotactl", "reboot", "request_key",
            "set_mempolicy", "setns", "settimeofday", "stime", "swapoff", "swapon", "syslog", "sysfs",
            "_sysctl", "umount", "umount2", "unshare", "uselib", "userfaultfd", "ustat", "vm86",
            "vm86old");
    /** CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET. */
    static final List<Long> CLONE_NAMESPACE_FLAGS = List.of(0x20000L, 0x2000000L, 0x4000000L,
            0x8000000L, 0x10000000L, 0x20000000L, 0x40000000L);
    private static final int EPERM = 1;
    private static final int ENOSYS = 38;

    private RuntimeDefaultSeccomp() {
    }

    /** The profile, for x86_64 with its i386 and x32 ABIs (each checked by the filter). */
    public static SeccompProfile profile() {
        List<Syscall> rules = new ArrayList<>();
        rules.add(new Syscall(DENIED, "SCMP_ACT_ERRNO", EPERM, List.of()));
        for (long flag : CLONE_NAMESPACE_FLAGS) {
            // one rule per flag: rules are ORed, conditions within a rule are ANDed
            rules.add(new Syscall(List.of("clone"), "SCMP_ACT_ERRNO", EPERM,
                    List.of(new Arg(0, flag, flag, "SCMP_CMP_MASKED_EQ"))));
        }
        rules.add(new Syscall(List.of("clone3"), "SCMP_ACT_ERRNO", ENOSYS, List.of()));
        return new SeccompProfile("SCMP_ACT_ALLOW", null,
                List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"), rules);
    }
}

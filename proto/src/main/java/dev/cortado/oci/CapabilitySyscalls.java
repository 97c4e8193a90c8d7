package dev.cortado.oci;

import java.util.List;
import java.util.Map;

/**
 * The syscalls containerd's default seccomp profile adds for each capability in the bounding
 * set (contrib/seccomp/seccomp_default.go): with the capability the kernel's own check is the
 * gate, without it the filter refuses the call before the kernel sees it.
 */
public final class CapabilitySyscalls {
    public static final Map<String, List<String>> BY_CAPABILITY = Map.ofEntries(
            Map.entry("CAP_DAC_READ_SEARCH", List.of("open_by_handle_at")),
            Map.entry(
                    "CAP_SYS_ADMIN",
                    List.of(
                            "bpf",
                            "clone",
                            "clone3",
                            "fanotify_init",
                            "fsconfig",
                            "fsmount",
                            "fsopen",
                            "fspick",
                            "lookup_dcookie",
                            "mount",
                            "mount_setattr",
                            "move_mount",
                            "name_to_handle_at",
                            "open_tree",
                            "perf_event_open",
                            "quotactl",
                            "quotactl_fd",
                            "setdomainname",
                            "sethostname",
                            "setns",
                            "syslog",
                            "umount",
                            "umount2",
                            "unshare")),
            Map.entry("CAP_SYS_BOOT", List.of("reboot")),
            Map.entry("CAP_SYS_CHROOT", List.of("chroot")),
            Map.entry("CAP_SYS_MODULE", List.of("delete_module", "init_module", "finit_module")),
            Map.entry("CAP_SYS_PACCT", List.of("acct")),
            Map.entry(
                    "CAP_SYS_PTRACE",
                    List.of(
                            "kcmp",
                            "pidfd_getfd",
                            "process_madvise",
                            "process_vm_readv",
                            "process_vm_writev",
                            "ptrace")),
            Map.entry("CAP_SYS_RAWIO", List.of("iopl", "ioperm")),
            Map.entry("CAP_SYS_TIME", List.of("settimeofday", "stime", "clock_settime", "clock_settime64")),
            Map.entry("CAP_SYS_TTY_CONFIG", List.of("vhangup")),
            Map.entry("CAP_SYSLOG", List.of("syslog")),
            Map.entry("CAP_BPF", List.of("bpf")),
            Map.entry("CAP_PERFMON", List.of("perf_event_open")));

    private CapabilitySyscalls() {}
}

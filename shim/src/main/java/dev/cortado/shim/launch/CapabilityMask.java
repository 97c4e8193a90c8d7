package dev.cortado.shim.launch;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.util.List;
import java.util.Locale;

/** Capability names to the 64-bit masks that capset(2) and PR_CAPBSET_DROP use. */
public final class CapabilityMask {
    /** Every capability name, at the index of its bit (linux/capability.h, kernel 5.9+). */
    public static final List<String> ALL = List.of(
            "CAP_CHOWN",
            "CAP_DAC_OVERRIDE",
            "CAP_DAC_READ_SEARCH",
            "CAP_FOWNER",
            "CAP_FSETID",
            "CAP_KILL",
            "CAP_SETGID",
            "CAP_SETUID",
            "CAP_SETPCAP",
            "CAP_LINUX_IMMUTABLE",
            "CAP_NET_BIND_SERVICE",
            "CAP_NET_BROADCAST",
            "CAP_NET_ADMIN",
            "CAP_NET_RAW",
            "CAP_IPC_LOCK",
            "CAP_IPC_OWNER",
            "CAP_SYS_MODULE",
            "CAP_SYS_RAWIO",
            "CAP_SYS_CHROOT",
            "CAP_SYS_PTRACE",
            "CAP_SYS_PACCT",
            "CAP_SYS_ADMIN",
            "CAP_SYS_BOOT",
            "CAP_SYS_NICE",
            "CAP_SYS_RESOURCE",
            "CAP_SYS_TIME",
            "CAP_SYS_TTY_CONFIG",
            "CAP_MKNOD",
            "CAP_LEASE",
            "CAP_AUDIT_WRITE",
            "CAP_AUDIT_CONTROL",
            "CAP_SETFCAP",
            "CAP_MAC_OVERRIDE",
            "CAP_MAC_ADMIN",
            "CAP_SYSLOG",
            "CAP_WAKE_ALARM",
            "CAP_BLOCK_SUSPEND",
            "CAP_AUDIT_READ",
            "CAP_PERFMON",
            "CAP_BPF",
            "CAP_CHECKPOINT_RESTORE");

    private CapabilityMask() {}

    /** The mask of {@code names}; names are case-insensitive and may omit the CAP_ prefix. */
    public static long of(List<String> names) {
        long mask = 0;
        for (String name : names) {
            String upper = name.toUpperCase(Locale.ROOT);
            int bit = ALL.indexOf(upper.startsWith("CAP_") ? upper : "CAP_" + upper);
            if (bit < 0) {
                throw new CortadoException(ErrorKind.INVALID_ARGUMENT, "unknown capability " + name);
            }
            mask |= 1L << bit;
        }
        return mask;
    }
}

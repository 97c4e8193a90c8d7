package dev.cortado.shim.linux;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.shim.spec.SeccompProfile;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * {@link SeccompCompiler} on the system's libseccomp.so.2 through JNA, so that cortado-init
 * only installs the finished program and links nothing but libc.
 */
public final class LibSeccomp implements SeccompCompiler {
    private static final Map<String, Integer> ARCHES = Map.of(
            "SCMP_ARCH_X86_64",
            0xc000003e,
            "SCMP_ARCH_X86",
            0x40000003,
            "SCMP_ARCH_X32",
            0x4000003e,
            "SCMP_ARCH_AARCH64",
            0xc00000b7,
            "SCMP_ARCH_ARM",
            0x40000028);
    private static final Map<String, Integer> OPS = Map.of(
            "SCMP_CMP_NE",
            1,
            "SCMP_CMP_LT",
            2,
            "SCMP_CMP_LE",
            3,
            "SCMP_CMP_EQ",
            4,
            "SCMP_CMP_GE",
            5,
            "SCMP_CMP_GT",
            6,
            "SCMP_CMP_MASKED_EQ",
            7);
    /** Action names to libseccomp's values; ERRNO gets the errno in its low 16 bits. */
    private static final Map<String, Integer> ACTIONS = Map.of(
            "SCMP_ACT_ALLOW",
            0x7fff0000,
            "SCMP_ACT_ERRNO",
            0x00050000,
            "SCMP_ACT_KILL",
            0,
            "SCMP_ACT_KILL_THREAD",
            0,
            "SCMP_ACT_KILL_PROCESS",
            0x80000000,
            "SCMP_ACT_TRAP",
            0x00030000,
            "SCMP_ACT_LOG",
            0x7ffc0000);

    private static final int EEXIST = 17;

    /** The libseccomp calls we use; negative return values are -errno. */
    interface Seccomp extends Library {
        Pointer seccomp_init(int defaultAction);

        int seccomp_arch_add(Pointer ctx, int arch);

        int seccomp_syscall_resolve_name(String name);

        int seccomp_rule_add_array(Pointer ctx, int action, int syscall, int count, Pointer args);

        int seccomp_export_bpf(Pointer ctx, int fd);

        void seccomp_release(Pointer ctx);
    }

    private final Seccomp lib = Native.load("seccomp", Seccomp.class);
    private final LibcSyscalls libc;

    public LibSeccomp(LibcSyscalls libc) {
        this.libc = libc;
    }

    @Override
    public byte[] compile(SeccompProfile profile) {
        int defaultAction = action(profile.defaultAction(), profile.defaultErrnoRet());
        Pointer ctx = lib.seccomp_init(defaultAction);
        if (ctx == null) {
            throw invalid("seccomp_init rejected default action " + profile.defaultAction());
        }
        int fd = -1;
        try {
            for (String arch : profile.architectures()) {
                Integer token = ARCHES.get(arch);
                if (token == null) {
                    throw invalid("unknown seccomp architecture " + arch);
                }
                int rc = lib.seccomp_arch_add(ctx, token);
                if (rc < 0 && rc != -EEXIST) {
                    throw invalid("seccomp_arch_add " + arch + ": errno " + -rc);
                }
            }
            for (SeccompProfile.Syscall rule : profile.syscalls()) {
                addRule(ctx, rule, defaultAction);
            }
            fd = libc.memfd("cortado-seccomp");
            int rc = lib.seccomp_export_bpf(ctx, fd);
            if (rc < 0) {
                throw invalid("seccomp_export_bpf: errno " + -rc);
            }
            return libc.readAll(fd);
        } finally {
            if (fd >= 0) {
                libc.close(fd);
            }
            lib.seccomp_release(ctx);
        }
    }

    private void addRule(Pointer ctx, SeccompProfile.Syscall rule, int defaultAction) {
        int action = action(rule.action(), rule.errnoRet());
        if (action == defaultAction) {
            return; // libseccomp refuses rules that repeat the default action
        }
        // struct scmp_arg_cmp { unsigned arg; enum op; u64 datum_a; u64 datum_b; } = 24 bytes
        Memory args =
                rule.args().isEmpty() ? null : new Memory(24L * rule.args().size());
        for (int i = 0; i < rule.args().size(); i++) {
            SeccompProfile.Arg arg = rule.args().get(i);
            Integer op = OPS.get(arg.op());
            if (op == null || arg.index() < 0 || arg.index() > 5) {
                throw invalid("bad seccomp argument condition " + arg);
            }
            args.setInt(24L * i, arg.index());
            args.setInt(24L * i + 4, op);
            args.setLong(24L * i + 8, arg.value());
            args.setLong(24L * i + 16, arg.valueTwo());
        }
        for (String name : rule.names()) {
            int nr = lib.seccomp_syscall_resolve_name(name);
            if (nr == -1) {
                continue; // __NR_SCMP_ERROR: unknown to this libseccomp, skipped like runc
            }
            int rc = lib.seccomp_rule_add_array(ctx, action, nr, rule.args().size(), args);
            if (rc < 0) {
                throw invalid("seccomp rule for " + name + ": errno " + -rc);
            }
        }
    }

    /** The action names {@link #compile} accepts: the OCI features' {@code seccomp.actions}. */
    public static SortedSet<String> actions() {
        return sorted(ACTIONS.keySet());
    }

    /** The argument operators {@link #compile} accepts: the OCI features' {@code seccomp.operators}. */
    public static SortedSet<String> operators() {
        return sorted(OPS.keySet());
    }

    /** The architectures {@link #compile} accepts: the OCI features' {@code seccomp.archs}. */
    public static SortedSet<String> architectures() {
        return sorted(ARCHES.keySet());
    }

    private static SortedSet<String> sorted(Set<String> names) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(names));
    }

    private static int action(String name, Integer errno) {
        Integer action = ACTIONS.get(name);
        if (action == null) {
            throw invalid("unsupported seccomp action " + name);
        }
        return name.equals("SCMP_ACT_ERRNO") ? action | ((errno == null ? 1 : errno) & 0xffff) : action;
    }

    private static CortadoException invalid(String message) {
        return new CortadoException(ErrorKind.INVALID_ARGUMENT, message);
    }
}

package dev.cortado.shim.launch;

import dev.cortado.errors.CortadoException;
import dev.cortado.shim.spec.ProcessSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The plan records for the process itself, shared by create and exec: rlimits, oom score,
 * cwd, ids, the five capability masks, no_new_privs, terminal, seccomp BPF, argv and env.
 */
final class ProcessPlan {
    private static final List<String> RLIMITS = List.of(
            "RLIMIT_CPU",
            "RLIMIT_FSIZE",
            "RLIMIT_DATA",
            "RLIMIT_STACK",
            "RLIMIT_CORE",
            "RLIMIT_RSS",
            "RLIMIT_NPROC",
            "RLIMIT_NOFILE",
            "RLIMIT_MEMLOCK",
            "RLIMIT_AS",
            "RLIMIT_LOCKS",
            "RLIMIT_SIGPENDING",
            "RLIMIT_MSGQUEUE",
            "RLIMIT_NICE",
            "RLIMIT_RTPRIO",
            "RLIMIT_RTTIME");

    /** Linux's PATH_MAX, the size of cortado-init's cwd buffer. */
    static final int PATH_MAX = 4096;
    /** The kernel's limit on one argument or environment string, NUL included (32 pages). */
    static final int MAX_ARG_STRLEN = 32 * 4096;
    /** The limit on argv and envp together: a quarter of the usual 8 MiB stack rlimit. */
    static final int ARG_MAX = 2 * 1024 * 1024;

    private ProcessPlan() {}

    /**
     * What execve(2) accepts, checked here so that an oversized process is the client's clear
     * INVALID_ARGUMENT rather than E2BIG from inside the container: each string (NUL included)
     * at most MAX_ARG_STRLEN, and all strings plus their pointers within ARG_MAX. ARG_MAX is a
     * quarter of the stack rlimit; 2 MiB is its value under the usual 8 MiB stack, and the most
     * that fits cortado-init's 4 MiB plan.
     */
    static void checkExecSize(List<String> args, List<String> env) {
        long total = (long) (args.size() + env.size() + 2) * Long.BYTES;
        for (List<String> list : List.of(args, env)) {
            String name = list == args ? "process.args" : "process.env";
            for (int i = 0; i < list.size(); i++) {
                int bytes = list.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
                if (bytes > MAX_ARG_STRLEN) {
                    throw CortadoException.invalidArgument(
                            "invalid spec: %s[%d] is %d bytes with its NUL, over the kernel's MAX_ARG_STRLEN (%d)",
                            name, i, bytes, MAX_ARG_STRLEN);
                }
                total += bytes;
            }
        }
        if (total > ARG_MAX) {
            throw CortadoException.invalidArgument(
                    "invalid spec: process.args and process.env take %d bytes (%d strings with their NULs and"
                            + " pointers), over ARG_MAX (%d)",
                    total, args.size() + env.size(), ARG_MAX);
        }
    }

    /** cortado-init copies the cwd into a PATH_MAX buffer: refuse what would not fit, NUL included. */
    static String checkedCwd(String cwd) {
        int length = PlanBuilder.absolute(cwd).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (length > PATH_MAX - 1) {
            throw CortadoException.invalidArgument(
                    "invalid spec: process.cwd is %d bytes, over PATH_MAX-1 (%d)", length, PATH_MAX - 1);
        }
        return cwd;
    }

    /** Appends the process records; {@code seccompBpf} is null for no filter. */
    static void write(PlanWriter plan, ProcessSpec process, byte[] seccompBpf) {
        for (ProcessSpec.Rlimit r : process.rlimits()) {
            int resource = RLIMITS.indexOf(r.type());
            if (resource < 0 || Long.compareUnsigned(r.soft(), r.hard()) > 0) {
                throw PlanBuilder.invalid("rlimit " + r);
            }
            plan.add(
                    "rlimit",
                    Integer.toString(resource),
                    Long.toUnsignedString(r.soft()),
                    Long.toUnsignedString(r.hard()));
        }
        if (process.oomScoreAdj() != null) {
            plan.add("oom", process.oomScoreAdj().toString());
        }
        plan.add("cwd", checkedCwd(process.cwd()));
        List<String> user = new ArrayList<>(List.of(
                Long.toString(process.user().uid()),
                Long.toString(process.user().gid())));
        process.user().additionalGids().forEach(g -> user.add(Long.toString(g)));
        plan.add("user", user);
        ProcessSpec.Capabilities c = process.capabilities();
        long permitted = CapabilityMask.of(c.permitted());
        long inheritable = CapabilityMask.of(c.inheritable());
        // the kernel raises an ambient capability only if it is permitted and inheritable;
        // runc warns and goes on, so specs such as `crun spec`'s rely on the others being dropped
        long ambient = CapabilityMask.of(c.ambient()) & permitted & inheritable;
        plan.add(
                "caps",
                Long.toUnsignedString(CapabilityMask.of(c.bounding())),
                Long.toUnsignedString(CapabilityMask.of(c.effective())),
                Long.toUnsignedString(permitted),
                Long.toUnsignedString(inheritable),
                Long.toUnsignedString(ambient));
        if (process.noNewPrivileges()) {
            plan.add("nnp");
        }
        if (process.terminal()) {
            plan.add("terminal");
        }
        if (seccompBpf != null) {
            plan.addBytes("seccomp", seccompBpf);
        }
        checkExecSize(process.args(), process.env());
        plan.add("args", process.args());
        plan.add("env", process.env());
    }
}

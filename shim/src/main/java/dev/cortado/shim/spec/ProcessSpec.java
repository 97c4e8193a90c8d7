package dev.cortado.shim.spec;

import java.util.List;

/**
 * The OCI {@code process} object: what to run, as whom, with which privileges.
 *
 * @param terminal whether the process gets a pty
 * @param user uid, gid and additional gids
 * @param args argv; the first entry is looked up in the container's PATH
 * @param env environment as {@code KEY=value}
 * @param cwd absolute working directory inside the container
 * @param capabilities the five capability sets
 * @param rlimits resource limits
 * @param noNewPrivileges whether to set no_new_privs
 * @param oomScoreAdj the oom_score_adj, or null to inherit
 */
public record ProcessSpec(
        boolean terminal,
        User user,
        List<String> args,
        List<String> env,
        String cwd,
        Capabilities capabilities,
        List<Rlimit> rlimits,
        boolean noNewPrivileges,
        Integer oomScoreAdj) {

    public ProcessSpec {
        user = user == null ? new User(0, 0, List.of()) : user;
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? List.of() : List.copyOf(env);
        cwd = cwd == null || cwd.isEmpty() ? "/" : cwd;
        capabilities = capabilities == null ? Capabilities.none() : capabilities;
        rlimits = rlimits == null ? List.of() : List.copyOf(rlimits);
    }

    /** A builder with every part unset: root, no args, cwd {@code /}, no capabilities. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this record's values. */
    public Builder toBuilder() {
        return new Builder()
                .terminal(terminal)
                .user(user)
                .args(args)
                .env(env)
                .cwd(cwd)
                .capabilities(capabilities)
                .rlimits(rlimits)
                .noNewPrivileges(noNewPrivileges)
                .oomScoreAdj(oomScoreAdj);
    }

    /** The ids the process runs as; OCI leaves additional gids exactly as given. */
    public record User(long uid, long gid, List<Long> additionalGids) {
        public User {
            if (uid < 0 || uid > Integer.MAX_VALUE || gid < 0 || gid > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("uid and gid must be 0.." + Integer.MAX_VALUE);
            }
            additionalGids = additionalGids == null ? List.of() : List.copyOf(additionalGids);
        }
    }

    /** Capability names ({@code CAP_CHOWN}, ...) per set. */
    public record Capabilities(
            List<String> bounding,
            List<String> effective,
            List<String> inheritable,
            List<String> permitted,
            List<String> ambient) {
        public Capabilities {
            bounding = copy(bounding);
            effective = copy(effective);
            inheritable = copy(inheritable);
            permitted = copy(permitted);
            ambient = copy(ambient);
        }

        /** No capability in any set. */
        public static Capabilities none() {
            return new Capabilities(null, null, null, null, null);
        }

        private static List<String> copy(List<String> names) {
            return names == null ? List.of() : List.copyOf(names);
        }
    }

    /** One rlimit, named as in the spec ({@code RLIMIT_NOFILE}). */
    public record Rlimit(String type, long hard, long soft) {}

    /** Builds a {@link ProcessSpec} by name instead of nine positional parts. */
    public static final class Builder {
        private boolean terminal;
        private User user;
        private List<String> args;
        private List<String> env;
        private String cwd;
        private Capabilities capabilities;
        private List<Rlimit> rlimits;
        private boolean noNewPrivileges;
        private Integer oomScoreAdj;

        private Builder() {}

        public Builder terminal(boolean v) {
            terminal = v;
            return this;
        }

        public Builder user(User v) {
            user = v;
            return this;
        }

        public Builder args(List<String> v) {
            args = v;
            return this;
        }

        public Builder env(List<String> v) {
            env = v;
            return this;
        }

        public Builder cwd(String v) {
            cwd = v;
            return this;
        }

        public Builder capabilities(Capabilities v) {
            capabilities = v;
            return this;
        }

        public Builder rlimits(List<Rlimit> v) {
            rlimits = v;
            return this;
        }

        public Builder noNewPrivileges(boolean v) {
            noNewPrivileges = v;
            return this;
        }

        public Builder oomScoreAdj(Integer v) {
            oomScoreAdj = v;
            return this;
        }

        public ProcessSpec build() {
            return new ProcessSpec(terminal, user, args, env, cwd, capabilities, rlimits, noNewPrivileges, oomScoreAdj);
        }
    }
}

package dev.cortado.cri.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The OCI runtime spec ({@code config.json}) as Cortado writes it for a CRI container: the
 * fields runc and Cortado's shim read, in the runtime-spec's JSON names. Empty lists, maps and
 * strings are left out of the JSON, which every reader treats as "none".
 *
 * <p>Built once by {@link OciSpecBuilder}; the records are plain JSON shapes, so they take
 * their parts positionally instead of through builders.
 *
 * @param ociVersion the runtime-spec version
 * @param process the container's first process
 * @param root the root filesystem, relative to the bundle
 * @param hostname the hostname (empty: the pod's UTS namespace already has it)
 * @param mounts mounts in the order they are made
 * @param annotations containerd's {@code io.kubernetes.cri.*} annotations and pass-through ones
 * @param linux the Linux part
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record OciSpec(
        String ociVersion,
        Process process,
        Root root,
        String hostname,
        List<Mount> mounts,
        Map<String, String> annotations,
        OciLinux linux) {
    /** The runtime-spec version containerd 1.7 writes. */
    public static final String VERSION = "1.1.0";

    public OciSpec {
        hostname = Copies.string(hostname);
        mounts = Copies.list(mounts);
        annotations = Copies.sortedMap(annotations);
    }

    /** The root filesystem: a path relative to the bundle ({@code rootfs}), read-only or not. */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record Root(String path, boolean readonly) {}

    /** One mount: destination in the container, fs type, source and options. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Mount(String destination, String type, String source, List<String> options) {
        public Mount {
            if (destination == null || !destination.startsWith("/")) {
                throw new IllegalArgumentException("mount destination must be absolute: " + destination);
            }
            type = Copies.string(type);
            source = Copies.string(source);
            options = Copies.list(options);
        }
    }

    /**
     * The OCI {@code process} object.
     *
     * @param terminal whether the process gets a pty
     * @param user uid, gid and additional gids
     * @param args argv
     * @param env {@code KEY=value} entries
     * @param cwd absolute working directory
     * @param capabilities the capability sets (ambient always empty, as containerd)
     * @param noNewPrivileges whether no_new_privs is set
     * @param oomScoreAdj the oom_score_adj, or null to inherit
     * @param apparmorProfile the AppArmor profile to exec into, or empty
     * @param selinuxLabel the SELinux process label, or empty
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Process(
            boolean terminal,
            User user,
            List<String> args,
            List<String> env,
            String cwd,
            Capabilities capabilities,
            boolean noNewPrivileges,
            Integer oomScoreAdj,
            String apparmorProfile,
            String selinuxLabel) {
        public Process {
            args = Copies.list(args);
            env = Copies.list(env);
            cwd = Copies.string(cwd);
            apparmorProfile = Copies.string(apparmorProfile);
            selinuxLabel = Copies.string(selinuxLabel);
        }
    }

    /** The ids the process runs as; {@code additionalGids} includes the primary gid, as containerd's. */
    public record User(long uid, long gid, List<Long> additionalGids) {
        public User {
            if (uid < 0 || uid > Integer.MAX_VALUE || gid < 0 || gid > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "uid and gid must be 0.." + Integer.MAX_VALUE + ": " + uid + ":" + gid);
            }
            additionalGids = Copies.list(additionalGids);
        }
    }

    /** Capability names ({@code CAP_CHOWN}) per set. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Capabilities(List<String> bounding, List<String> effective, List<String> permitted) {
        public Capabilities {
            bounding = Copies.list(bounding);
            effective = Copies.list(effective);
            permitted = Copies.list(permitted);
        }

        /** The same list in bounding, effective and permitted (never inheritable or ambient). */
        public static Capabilities of(List<String> caps) {
            return new Capabilities(caps, caps, caps);
        }
    }
}

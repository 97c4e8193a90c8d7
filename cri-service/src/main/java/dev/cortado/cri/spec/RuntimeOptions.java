package dev.cortado.cri.spec;

import java.util.List;
import java.util.Objects;

/**
 * The runtime handler's and daemon's choices that shape a spec, with containerd 1.7's defaults.
 *
 * @param systemdCgroup the systemd cgroup driver: {@code cgroupsPath} is {@code slice:cri-containerd:id}
 * @param unifiedCgroups the host is pure cgroup v2: containers get a cgroup namespace and a
 *     {@code cgroup2} mount (on v1 and hybrid hosts a {@code cgroup} mount and no namespace)
 * @param cgroupWritable {@code /sys/fs/cgroup} is mounted rw ({@code cgroup_writable})
 * @param privilegedWithoutHostDevices privileged containers do not get the host's devices
 * @param deviceOwnershipFromSecurityContext devices are owned by run_as_user/run_as_group
 * @param disableProcMount masked and read-only paths are left as the base spec has them
 * @param ignoreImageDefinedVolumes the image's {@code Volumes} get no anonymous volume
 * @param recursiveReadOnlyMounts the handler supports {@code rro} mounts (runc on kernel 5.12+; not
 *     Cortado's shim, so off by default)
 * @param unsetSeccompProfile the profile for containers that ask for none (empty: unconfined)
 * @param restrictOomScoreAdj an oom_score_adj below {@code daemonOomScoreAdj} is raised to it
 * @param daemonOomScoreAdj the daemon's own oom_score_adj, for {@code restrictOomScoreAdj}
 * @param podAnnotations glob patterns of pod annotations passed into the spec
 * @param containerAnnotations glob patterns of container annotations passed into the spec
 */
public record RuntimeOptions(
        boolean systemdCgroup,
        boolean unifiedCgroups,
        boolean cgroupWritable,
        boolean privilegedWithoutHostDevices,
        boolean deviceOwnershipFromSecurityContext,
        boolean disableProcMount,
        boolean ignoreImageDefinedVolumes,
        boolean recursiveReadOnlyMounts,
        String unsetSeccompProfile,
        boolean restrictOomScoreAdj,
        int daemonOomScoreAdj,
        List<String> podAnnotations,
        List<String> containerAnnotations) {

    public RuntimeOptions {
        unsetSeccompProfile = Objects.requireNonNullElse(unsetSeccompProfile, "");
        podAnnotations = List.copyOf(podAnnotations);
        containerAnnotations = List.copyOf(containerAnnotations);
    }

    /** containerd's defaults on a cgroup v2 host with the cgroupfs driver. */
    public static RuntimeOptions defaults() {
        return builder().build();
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link RuntimeOptions}; every setter returns the builder. */
    public static final class Builder {
        private boolean systemdCgroup;
        private boolean unifiedCgroups = true;
        private boolean cgroupWritable;
        private boolean privilegedWithoutHostDevices;
        private boolean deviceOwnershipFromSecurityContext;
        private boolean disableProcMount;
        private boolean ignoreImageDefinedVolumes;
        private boolean recursiveReadOnlyMounts;
        private String unsetSeccompProfile = "";
        private boolean restrictOomScoreAdj;
        private int daemonOomScoreAdj;
        private List<String> podAnnotations = List.of();
        private List<String> containerAnnotations = List.of();

        public Builder systemdCgroup(boolean v) {
            systemdCgroup = v;
            return this;
        }

        public Builder unifiedCgroups(boolean v) {
            unifiedCgroups = v;
            return this;
        }

        public Builder cgroupWritable(boolean v) {
            cgroupWritable = v;
            return this;
        }

        public Builder privilegedWithoutHostDevices(boolean v) {
            privilegedWithoutHostDevices = v;
            return this;
        }

        public Builder deviceOwnershipFromSecurityContext(boolean v) {
            deviceOwnershipFromSecurityContext = v;
            return this;
        }

        public Builder disableProcMount(boolean v) {
            disableProcMount = v;
            return this;
        }

        public Builder ignoreImageDefinedVolumes(boolean v) {
            ignoreImageDefinedVolumes = v;
            return this;
        }

        public Builder recursiveReadOnlyMounts(boolean v) {
            recursiveReadOnlyMounts = v;
            return this;
        }

        public Builder unsetSeccompProfile(String v) {
            unsetSeccompProfile = v;
            return this;
        }

        public Builder restrictOomScoreAdj(boolean v, int daemonAdj) {
            restrictOomScoreAdj = v;
            daemonOomScoreAdj = daemonAdj;
            return this;
        }

        public Builder podAnnotations(List<String> v) {
            podAnnotations = v;
            return this;
        }

        public Builder containerAnnotations(List<String> v) {
            containerAnnotations = v;
            return this;
        }

        public RuntimeOptions build() {
            return new RuntimeOptions(
                    systemdCgroup,
                    unifiedCgroups,
                    cgroupWritable,
                    privilegedWithoutHostDevices,
                    deviceOwnershipFromSecurityContext,
                    disableProcMount,
                    ignoreImageDefinedVolumes,
                    recursiveReadOnlyMounts,
                    unsetSeccompProfile,
                    restrictOomScoreAdj,
                    daemonOomScoreAdj,
                    podAnnotations,
                    containerAnnotations);
        }
    }
}

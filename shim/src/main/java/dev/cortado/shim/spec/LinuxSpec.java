package dev.cortado.shim.spec;

import dev.cortado.cgroups.resources.HugepageLimit;
import dev.cortado.cgroups.resources.OciLinuxResources;
import dev.cortado.cgroups.resources.RdmaLimit;
import java.util.List;
import java.util.Map;

/**
 * The OCI {@code linux} object: namespaces, cgroup, sysctls, path hardening and seccomp.
 *
 * @param namespaces namespaces to create (no path) or join (path)
 * @param cgroupsPath the container's cgroup, an absolute path under the cgroup2 mount
 * @param sysctl sysctls to set, by dotted name
 * @param maskedPaths paths made unreadable
 * @param readonlyPaths paths made read-only
 * @param rootfsPropagation propagation of {@code /}: rslave (default), rprivate, ...
 * @param seccomp the seccomp profile, or null for none
 * @param devices device nodes to create in {@code /dev}
 * @param resources cgroup resources: device rules and limits
 * @param uidMappings uid ranges of a new user namespace
 * @param gidMappings gid ranges of a new user namespace
 */
public record LinuxSpec(
        List<Namespace> namespaces,
        String cgroupsPath,
        Map<String, String> sysctl,
        List<String> maskedPaths,
        List<String> readonlyPaths,
        String rootfsPropagation,
        SeccompProfile seccomp,
        List<Device> devices,
        Resources resources,
        List<IdMapping> uidMappings,
        List<IdMapping> gidMappings) {

    public LinuxSpec {
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        sysctl = sysctl == null ? Map.of() : Map.copyOf(sysctl);
        maskedPaths = maskedPaths == null ? List.of() : List.copyOf(maskedPaths);
        readonlyPaths = readonlyPaths == null ? List.of() : List.copyOf(readonlyPaths);
        devices = devices == null ? List.of() : List.copyOf(devices);
        resources = resources == null ? new Resources(null) : resources;
        uidMappings = uidMappings == null ? List.of() : List.copyOf(uidMappings);
        gidMappings = gidMappings == null ? List.of() : List.copyOf(gidMappings);
    }

    /** No namespaces, no hardening. */
    public static LinuxSpec empty() {
        return builder().build();
    }

    /** A builder starting from {@link #empty()}: set the parts by name. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this record's values. */
    public Builder toBuilder() {
        return new Builder()
                .namespaces(namespaces)
                .cgroupsPath(cgroupsPath)
                .sysctl(sysctl)
                .maskedPaths(maskedPaths)
                .readonlyPaths(readonlyPaths)
                .rootfsPropagation(rootfsPropagation)
                .seccomp(seccomp)
                .devices(devices)
                .resources(resources)
                .uidMappings(uidMappings)
                .gidMappings(gidMappings);
    }

    /** This object with other namespaces. */
    public LinuxSpec withNamespaces(List<Namespace> newNamespaces) {
        return toBuilder().namespaces(newNamespaces).build();
    }

    /** This object with another cgroup path. */
    public LinuxSpec withCgroupsPath(String path) {
        return toBuilder().cgroupsPath(path).build();
    }

    /** This object with other sysctls. */
    public LinuxSpec withSysctl(Map<String, String> newSysctl) {
        return toBuilder().sysctl(newSysctl).build();
    }

    /** This object with another {@code rootfsPropagation}. */
    public LinuxSpec withRootfsPropagation(String propagation) {
        return toBuilder().rootfsPropagation(propagation).build();
    }

    /** This object with another seccomp profile (null for none). */
    public LinuxSpec withSeccomp(SeccompProfile profile) {
        return toBuilder().seccomp(profile).build();
    }

    /** This object with other cgroup resources. */
    public LinuxSpec withResources(Resources newResources) {
        return toBuilder().resources(newResources).build();
    }

    /** A namespace: type is pid, network, mount, ipc, uts, user or cgroup. */
    public record Namespace(String type, String path) {
        public Namespace {
            if (type == null) {
                throw new IllegalArgumentException("namespace type is required");
            }
            path = path == null || path.isEmpty() ? null : path;
        }
    }

    /** A device node: type c, b or p, with numbers, mode and owner. */
    public record Device(String path, String type, long major, long minor, Integer fileMode, Long uid, Long gid) {}

    /** This object with a new user namespace mapping container ids to host ids. */
    public LinuxSpec withUserNamespace(List<IdMapping> uids, List<IdMapping> gids) {
        List<Namespace> ns = new java.util.ArrayList<>(namespaces);
        ns.removeIf(n -> n.type().equals("user"));
        ns.add(0, new Namespace("user", null));
        return toBuilder().namespaces(ns).uidMappings(uids).gidMappings(gids).build();
    }

    /** One id range: {@code size} ids from {@code containerID} map to ids from {@code hostID}. */
    public record IdMapping(long containerID, long hostID, long size) {
        public IdMapping {
            if (containerID < 0
                    || hostID < 0
                    || size <= 0
                    || containerID + size > 1L << 32
                    || hostID + size > 1L << 32) {
                throw new IllegalArgumentException("bad id mapping " + containerID + " " + hostID + " " + size);
            }
        }
    }

    /**
     * The {@code linux.resources} object: device rules (a BPF program on cgroup v2) and the
     * limits the cgroups library applies; null fields were absent in the JSON.
     */
    public record Resources(
            List<DeviceRule> devices,
            OciLinuxResources.Memory memory,
            OciLinuxResources.Cpu cpu,
            Pids pids,
            OciLinuxResources.BlockIo blockIO,
            List<HugepageLimit> hugepageLimits,
            Map<String, RdmaLimit> rdma,
            Map<String, String> unified) {
        public Resources {
            devices = devices == null ? List.of() : List.copyOf(devices);
            hugepageLimits = hugepageLimits == null ? List.of() : List.copyOf(hugepageLimits);
            rdma = rdma == null ? Map.of() : Map.copyOf(rdma);
            unified = unified == null ? Map.of() : Map.copyOf(unified);
        }

        /** Device rules only, no limits. */
        public Resources(List<DeviceRule> devices) {
            this(devices, null, null, null, null, null, null, null);
        }

        /** A builder starting from no device rules and no limits. */
        public static ResourcesBuilder builder() {
            return new ResourcesBuilder();
        }

        /** A builder starting from this record's values. */
        public ResourcesBuilder toBuilder() {
            return new ResourcesBuilder()
                    .devices(devices)
                    .memory(memory)
                    .cpu(cpu)
                    .pids(pids)
                    .blockIO(blockIO)
                    .hugepageLimits(hugepageLimits)
                    .rdma(rdma)
                    .unified(unified);
        }

        /** The limits, for {@code ResourcesMapper.fromOci}. */
        public OciLinuxResources limits() {
            return new OciLinuxResources(
                    memory, cpu, pids == null ? null : pids.limit(), blockIO, hugepageLimits, rdma, unified);
        }
    }

    /** OCI {@code linux.resources.pids}. */
    public record Pids(Long limit) {}

    /**
     * A device cgroup rule; later rules win. type is a, c or b; null major/minor match any;
     * access is a combination of r, w and m.
     */
    public record DeviceRule(boolean allow, String type, Long major, Long minor, String access) {}

    /** Builds a {@link LinuxSpec} by name instead of eleven positional parts; unset parts are empty. */
    public static final class Builder {
        private List<Namespace> namespaces;
        private String cgroupsPath;
        private Map<String, String> sysctl;
        private List<String> maskedPaths;
        private List<String> readonlyPaths;
        private String rootfsPropagation;
        private SeccompProfile seccomp;
        private List<Device> devices;
        private Resources resources;
        private List<IdMapping> uidMappings;
        private List<IdMapping> gidMappings;

        private Builder() {}

        public Builder namespaces(List<Namespace> v) {
            namespaces = v;
            return this;
        }

        public Builder cgroupsPath(String v) {
            cgroupsPath = v;
            return this;
        }

        public Builder sysctl(Map<String, String> v) {
            sysctl = v;
            return this;
        }

        public Builder maskedPaths(List<String> v) {
            maskedPaths = v;
            return this;
        }

        public Builder readonlyPaths(List<String> v) {
            readonlyPaths = v;
            return this;
        }

        public Builder rootfsPropagation(String v) {
            rootfsPropagation = v;
            return this;
        }

        /** Null for none. */
        public Builder seccomp(SeccompProfile v) {
            seccomp = v;
            return this;
        }

        public Builder devices(List<Device> v) {
            devices = v;
            return this;
        }

        public Builder resources(Resources v) {
            resources = v;
            return this;
        }

        public Builder uidMappings(List<IdMapping> v) {
            uidMappings = v;
            return this;
        }

        public Builder gidMappings(List<IdMapping> v) {
            gidMappings = v;
            return this;
        }

        public LinuxSpec build() {
            return new LinuxSpec(
                    namespaces,
                    cgroupsPath,
                    sysctl,
                    maskedPaths,
                    readonlyPaths,
                    rootfsPropagation,
                    seccomp,
                    devices,
                    resources,
                    uidMappings,
                    gidMappings);
        }
    }

    /** Builds {@link Resources} by name instead of eight positional parts; null parts were absent. */
    public static final class ResourcesBuilder {
        private List<DeviceRule> devices;
        private OciLinuxResources.Memory memory;
        private OciLinuxResources.Cpu cpu;
        private Pids pids;
        private OciLinuxResources.BlockIo blockIO;
        private List<HugepageLimit> hugepageLimits;
        private Map<String, RdmaLimit> rdma;
        private Map<String, String> unified;

        private ResourcesBuilder() {}

        public ResourcesBuilder devices(List<DeviceRule> v) {
            devices = v;
            return this;
        }

        public ResourcesBuilder memory(OciLinuxResources.Memory v) {
            memory = v;
            return this;
        }

        public ResourcesBuilder cpu(OciLinuxResources.Cpu v) {
            cpu = v;
            return this;
        }

        public ResourcesBuilder pids(Pids v) {
            pids = v;
            return this;
        }

        public ResourcesBuilder blockIO(OciLinuxResources.BlockIo v) {
            blockIO = v;
            return this;
        }

        public ResourcesBuilder hugepageLimits(List<HugepageLimit> v) {
            hugepageLimits = v;
            return this;
        }

        public ResourcesBuilder rdma(Map<String, RdmaLimit> v) {
            rdma = v;
            return this;
        }

        public ResourcesBuilder unified(Map<String, String> v) {
            unified = v;
            return this;
        }

        public Resources build() {
            return new Resources(devices, memory, cpu, pids, blockIO, hugepageLimits, rdma, unified);
        }
    }
}

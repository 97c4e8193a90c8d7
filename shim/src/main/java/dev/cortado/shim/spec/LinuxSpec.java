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
public record LinuxSpec(List<Namespace> namespaces, String cgroupsPath, Map<String, String> sysctl,
        List<String> maskedPaths, List<String> readonlyPaths, String rootfsPropagation,
        SeccompProfile seccomp, List<Device> devices, Resources resources, List<IdMapping> uidMappings,
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
        return new LinuxSpec(null, null, null, null, null, null, null, null, null, null, null);
    }

    /** This object with other namespaces. */
    public LinuxSpec withNamespaces(List<Namespace> newNamespaces) {
        return new LinuxSpec(newNamespaces, cgroupsPath, sysctl, maskedPaths, readonlyPaths,
                rootfsPropagation, seccomp, devices, resources, uidMappings, gidMappings);
    }

    /** This object with another cgroup path. */
    public LinuxSpec withCgroupsPath(String path) {
        return new LinuxSpec(namespaces, path, sysctl, maskedPaths, readonlyPaths,
                rootfsPropagation, seccomp, devices, resources, uidMappings, gidMappings);
    }

    /** This object with other sysctls. */
    public LinuxSpec withSysctl(Map<String, String> newSysctl) {
        return new LinuxSpec(namespaces, cgroupsPath, newSysctl, maskedPaths, readonlyPaths,
                rootfsPropagation, seccomp, devices, resources, uidMappings, gidMappings);
    }

    /** This object with another {@code rootfsPropagation}. */
    public LinuxSpec withRootfsPropagation(String propagation) {
        return new LinuxSpec(namespaces, cgroupsPath, sysctl, maskedPaths, readonlyPaths,
                propagation, seccomp, devices, resources, uidMappings, gidMappings);
    }

    /** This object with another seccomp profile (null for none). */
    public LinuxSpec withSeccomp(SeccompProfile profile) {
        return new LinuxSpec(namespaces, cgroupsPath, sysctl, maskedPaths, readonlyPaths,
                rootfsPropagation, profile, devices, resources, uidMappings, gidMappings);
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
    public record Device(String path, String type, long major, long minor, Integer fileMode,
            Long uid, Long gid) {
    }

    /** This object with a new user namespace mapping container ids to host ids. */
    public LinuxSpec withUserNamespace(List<IdMapping> uids, List<IdMapping> gids) {
        List<Namespace> ns = new java.util.ArrayList<>(namespaces);
        ns.removeIf(n -> n.type().equals("user"));
        ns.add(0, new Namespace("user", null));
        return new LinuxSpec(ns, cgroupsPath, sysctl, maskedPaths, readonlyPaths, rootfsPropagation, seccomp,
                devices, resources, uids, gids);
    }

    /** One id range: {@code size} ids from {@code containerID} map to ids from {@code hostID}. */
    public record IdMapping(long containerID, long hostID, long size) {
        public IdMapping {
            if (containerID < 0 || hostID < 0 || size <= 0 || containerID + size > 1L << 32 || hostID + size > 1L << 32) {
                throw new IllegalArgumentException("bad id mapping " + containerID + " " + hostID + " " + size);
            }
        }
    }

    /**
     * The {@code linux.resources} object: device rules (a BPF program on cgroup v2) and the
     * limits the cgroups library applies; null fields were absent in the JSON.
     */
    public record Resources(List<DeviceRule> devices, OciLinuxResources.Memory memory, OciLinuxResources.Cpu cpu,
            Pids pids, OciLinuxResources.BlockIo blockIO, List<HugepageLimit> hugepageLimits,
            Map<String, RdmaLimit> rdma, Map<String, String> unified) {
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

        /** The limits, for {@code ResourcesMapper.fromOci}. */
        public OciLinuxResources limits() {
            return new OciLinuxResources(memory, cpu, pids == null ? null : pids.limit(), blockIO, hugepageLimits,
                    rdma, unified);
        }
    }

    /** OCI {@code linux.resources.pids}. */
    public record Pids(Long limit) {
    }

    /**
     * A device cgroup rule; later rules win. type is a, c or b; null major/minor match any;
     * access is a combination of r, w and m.
     */
    public record DeviceRule(boolean allow, String type, Long major, Long minor, String access) {
    }
}

package dev.cortado.cri.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cortado.cgroups.resources.HugepageLimit;
import dev.cortado.cgroups.resources.OciLinuxResources;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The OCI {@code linux} object of a container's spec.
 *
 * @param namespaces namespaces to create (no path) or join (path)
 * @param uidMappings uid ranges of a user namespace
 * @param gidMappings gid ranges of a user namespace
 * @param sysctl sysctls by dotted name
 * @param resources cgroup limits and device rules
 * @param cgroupsPath cgroupfs path, or {@code slice:prefix:name} for the systemd driver
 * @param rootfsPropagation propagation of {@code /}: empty (the runtime's default), rslave or rshared
 * @param seccomp the seccomp profile, or null for none
 * @param devices device nodes made in the container's {@code /dev}
 * @param maskedPaths paths made unreadable
 * @param readonlyPaths paths made read-only
 * @param mountLabel the SELinux mount label, or empty
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record OciLinux(List<Namespace> namespaces, List<IdMapping> uidMappings, List<IdMapping> gidMappings,
        Map<String, String> sysctl, Resources resources, String cgroupsPath, String rootfsPropagation,
        OciSeccomp seccomp, List<Device> devices, List<String> maskedPaths, List<String> readonlyPaths,
        String mountLabel) {

    public OciLinux {
        namespaces = List.copyOf(namespaces);
        uidMappings = List.copyOf(uidMappings);
        gidMappings = List.copyOf(gidMappings);
        sysctl = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(sysctl));
        devices = List.copyOf(devices);
        maskedPaths = List.copyOf(maskedPaths);
        readonlyPaths = List.copyOf(readonlyPaths);
    }

    /** A namespace: type pid, network, mount, ipc, uts, user or cgroup; a path joins an existing one. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Namespace(String type, String path) {
        /** A new namespace of this type. */
        public static Namespace create(String type) {
            return new Namespace(type, "");
        }
    }

    /** One id range: {@code size} ids from {@code containerID} map to ids from {@code hostID}. */
    public record IdMapping(long containerID, long hostID, long size) {
    }

    /** A device node to create: type c or b, numbers, permission bits and owner. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Device(String path, String type, long major, long minor, Integer fileMode, Long uid, Long gid) {
    }

    /**
     * {@code linux.resources}: the device cgroup rules and the limits, in the cgroups library's
     * OCI mirrors so that the shim reads back exactly what we wrote.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Resources(List<DeviceRule> devices, OciLinuxResources.Memory memory, OciLinuxResources.Cpu cpu,
            List<HugepageLimit> hugepageLimits, Map<String, String> unified) {
        public Resources {
            devices = List.copyOf(devices);
            hugepageLimits = List.copyOf(hugepageLimits);
            unified = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(unified));
        }
    }

    /** A device cgroup rule; later rules win. type is a, c or b; null numbers match any. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeviceRule(boolean allow, String type, Long major, Long minor, String access) {
        /** The rule containerd's base spec starts with: deny everything. */
        public static final DeviceRule DENY_ALL = new DeviceRule(false, "a", null, null, "rwm");
        /** What a privileged container gets: allow everything. */
        public static final DeviceRule ALLOW_ALL = new DeviceRule(true, "a", null, null, "rwm");
    }

    static SortedMap<String, String> copy(Map<String, String> map) {
        return new TreeMap<>(map);
    }
}

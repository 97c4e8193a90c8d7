package dev.cortado.cri.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cortado.cgroups.resources.HugepageLimit;
import dev.cortado.cgroups.resources.OciLinuxResources;
import java.util.List;
import java.util.Map;

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
public record OciLinux(
        List<Namespace> namespaces,
        List<IdMapping> uidMappings,
        List<IdMapping> gidMappings,
        Map<String, String> sysctl,
        Resources resources,
        String cgroupsPath,
        String rootfsPropagation,
        OciSeccomp seccomp,
        List<Device> devices,
        List<String> maskedPaths,
        List<String> readonlyPaths,
        String mountLabel) {

    public OciLinux {
        namespaces = Copies.list(namespaces);
        uidMappings = Copies.list(uidMappings);
        gidMappings = Copies.list(gidMappings);
        sysctl = Copies.sortedMap(sysctl);
        cgroupsPath = Copies.string(cgroupsPath);
        rootfsPropagation = Copies.string(rootfsPropagation);
        mountLabel = Copies.string(mountLabel);
        devices = Copies.list(devices);
        maskedPaths = Copies.list(maskedPaths);
        readonlyPaths = Copies.list(readonlyPaths);
    }

    /** A namespace: type pid, network, mount, ipc, uts, user or cgroup; a path joins an existing one. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Namespace(String type, String path) {
        public Namespace {
            if (type == null || type.isEmpty()) {
                throw new IllegalArgumentException("namespace type is required");
            }
            path = Copies.string(path);
        }

        /** A new namespace of this type. */
        public static Namespace create(String type) {
            return new Namespace(type, "");
        }
    }

    /** One id range: {@code size} ids from {@code containerID} map to ids from {@code hostID}. */
    public record IdMapping(long containerID, long hostID, long size) {}

    /** A device node to create: type c or b, numbers, permission bits and owner. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Device(String path, String type, long major, long minor, Integer fileMode, Long uid, Long gid) {}

    /**
     * {@code linux.resources}: the device cgroup rules and the limits, in the cgroups library's
     * OCI mirrors so that the shim reads back exactly what we wrote.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Resources(
            List<DeviceRule> devices,
            OciLinuxResources.Memory memory,
            OciLinuxResources.Cpu cpu,
            List<HugepageLimit> hugepageLimits,
            Map<String, String> unified) {
        public Resources {
            devices = Copies.list(devices);
            hugepageLimits = Copies.list(hugepageLimits);
            unified = Copies.sortedMap(unified);
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
}

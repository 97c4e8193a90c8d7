package dev.cortado.cri.spec;

import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.Device;
import dev.cortado.api.cri.v1.LinuxContainerSecurityContext;
import dev.cortado.cri.spec.OciLinux.DeviceRule;
import dev.cortado.errors.CortadoException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's device nodes and device cgroup rules, as containerd's CRI plugin sets them
 * (research/reliability.md §2.4): the base rule denies everything; each CRI device (its host
 * path's symlinks resolved) becomes a node plus an allow rule with its permissions; a privileged
 * container gets every host device and an allow-all rule, unless the handler says
 * privileged_without_host_devices. runc's always-allowed devices (null, zero, pts, ...) are the
 * runtime's to add, not the spec's.
 */
final class DevicesBuilder {
    private final HostFacts host;
    private final RuntimeOptions options;

    DevicesBuilder(HostFacts host, RuntimeOptions options) {
        this.host = host;
        this.options = options;
    }

    /** The nodes and the rules. */
    record Result(List<OciLinux.Device> devices, List<DeviceRule> rules) {}

    Result build(ContainerConfig config) {
        if (!config.getCDIDevicesList().isEmpty()) {
            List<String> names =
                    config.getCDIDevicesList().stream().map(d -> d.getName()).toList();
            throw CortadoException.unimplemented(
                    "CDI devices %s are not supported%s",
                    names,
                    host.cdiSpecDirsPresent()
                            ? ": cortado does not inject CDI specs"
                            : ": there is no CDI spec directory (/etc/cdi, /var/run/cdi) on this host");
        }
        LinuxContainerSecurityContext sc = config.getLinux().getSecurityContext();
        Map<String, OciLinux.Device> devices = new LinkedHashMap<>();
        List<DeviceRule> rules = new ArrayList<>(List.of(DeviceRule.DENY_ALL));
        for (Device d : config.getDevicesList()) {
            String access = access(d);
            HostFacts.HostDevice node = host.device(d.getHostPath())
                    .orElseThrow(() -> CortadoException.invalidArgument(
                            "device %s does not exist or is not a device node", d.getHostPath()));
            String path = d.getContainerPath().isEmpty() ? d.getHostPath() : d.getContainerPath();
            if (!path.startsWith("/dev/")) {
                throw CortadoException.invalidArgument("device container_path \"%s\" must be under /dev", path);
            }
            long uid = node.uid();
            long gid = node.gid();
            if (options.deviceOwnershipFromSecurityContext()) {
                uid = sc.hasRunAsUser() && sc.getRunAsUser().getValue() != 0
                        ? sc.getRunAsUser().getValue()
                        : uid;
                gid = sc.hasRunAsGroup() && sc.getRunAsGroup().getValue() != 0
                        ? sc.getRunAsGroup().getValue()
                        : gid;
            }
            devices.put(
                    path,
                    new OciLinux.Device(path, node.type(), node.major(), node.minor(), node.fileMode(), uid, gid));
            rules.add(new DeviceRule(true, node.type(), node.major(), node.minor(), access));
        }
        if (sc.getPrivileged() && !options.privilegedWithoutHostDevices()) {
            for (HostFacts.HostDevice node : host.allDevices()) {
                devices.putIfAbsent(
                        node.path(),
                        new OciLinux.Device(
                                node.path(),
                                node.type(),
                                node.major(),
                                node.minor(),
                                node.fileMode(),
                                node.uid(),
                                node.gid()));
            }
            rules = List.of(DeviceRule.ALLOW_ALL);
        }
        return new Result(List.copyOf(devices.values()), rules);
    }

    private static String access(Device d) {
        String p = d.getPermissions().isEmpty() ? "rwm" : d.getPermissions();
        if (!p.matches("[rwm]{1,3}") || p.chars().distinct().count() != p.length()) {
            throw CortadoException.invalidArgument(
                    "device %s permissions \"%s\" must be letters of rwm", d.getHostPath(), d.getPermissions());
        }
        return p;
    }
}

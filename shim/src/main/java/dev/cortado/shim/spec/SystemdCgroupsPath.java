package dev.cortado.shim.spec;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.CgroupParent;
import dev.cortado.errors.CortadoException;
import java.util.Optional;

/**
 * The systemd driver's {@code linux.cgroupsPath}, {@code slice:prefix:name} (what containerd's
 * CRI plugin writes with {@code SystemdCgroup = true}, and runc reads with {@code
 * --systemd-cgroup}), expanded to the cgroupfs path systemd would give it: {@code
 * kubepods-burstable.slice:cri-containerd:abc} is {@code
 * /kubepods.slice/kubepods-burstable.slice/cri-containerd-abc.scope}. The directories are made
 * by us, not by systemd (no D-Bus here), with the same names.
 */
public final class SystemdCgroupsPath {
    private SystemdCgroupsPath() {}

    /** Whether {@code path} has the systemd form: no leading '/', three ':'-separated parts. */
    public static boolean isSystemdForm(String path) {
        return path != null && !path.startsWith("/") && path.split(":", -1).length == 3;
    }

    /** The cgroupfs path of a systemd-form {@code path}; empty for any other form. */
    public static Optional<String> expand(String path) {
        if (!isSystemdForm(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(CgroupParent.systemdContainerPath(path).toString());
        } catch (CgroupException e) {
            throw CortadoException.invalidArgument("linux.cgroupsPath %s: %s", path, e.getMessage());
        }
    }

    /** Fails unless {@code path} has the systemd form, which the SystemdCgroup option asks for. */
    public static void requireSystemdForm(String path) {
        if (!isSystemdForm(path)) {
            throw CortadoException.invalidArgument(
                    "runtime option SystemdCgroup is set but linux.cgroupsPath %s is not " + "slice:prefix:name",
                    path == null ? "(none)" : path);
        }
    }
}

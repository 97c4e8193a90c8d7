package dev.cortado.cri.sandbox;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.CgroupParent;
import dev.cortado.cgroups.CgroupPath;
import dev.cortado.cgroups.control.CgroupManager;
import dev.cortado.cgroups.resources.CriLinuxContainerResources;
import dev.cortado.cgroups.resources.ResourcesMapper;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.time.Duration;
import java.util.Set;

/**
 * {@link PodCgroups} on the cgroup2 hierarchy through the cgroups library. The pod's cgroup is a
 * child of {@code cgroup_parent} named as containerd names the sandbox's: {@code <id>} for the
 * cgroupfs driver, {@code cortado-<id>.scope} in the expanded slice for the systemd driver.
 * The parent (kubelet's pod cgroup) is created when missing but never removed: we delete only
 * what we created.
 */
public final class CgroupPodCgroups implements PodCgroups {
    private final CgroupManager manager;
    private final CgroupParent.Driver driver;
    private final String defaultParent;

    /** @param defaultParent used when a pod names no parent ({@code /cortado} or {@code cortado.slice}) */
    public CgroupPodCgroups(CgroupManager manager, CgroupParent.Driver driver, String defaultParent) {
        this.manager = manager;
        this.driver = driver;
        this.defaultParent = defaultParent;
    }

    /** The default parent for a driver. */
    public static String defaultParent(CgroupParent.Driver driver) {
        return driver == CgroupParent.Driver.SYSTEMD ? "cortado.slice" : "/cortado";
    }

    @Override
    public String create(String podId, String cgroupParent) {
        CgroupPath parent;
        try {
            parent = CgroupParent.parse(cgroupParent.isEmpty() ? defaultParent : cgroupParent, driver);
        } catch (CgroupException e) {
            throw CortadoException.invalidArgument(
                    "cgroup_parent \"%s\" is not valid for the %s driver: %s",
                    cgroupParent, driver.name().toLowerCase(), e.getMessage());
        }
        CgroupPath path = parent.child(driver == CgroupParent.Driver.SYSTEMD ? "cortado-" + podId + ".scope" : podId);
        try {
            manager.create(path, Set.of());
        } catch (CgroupException e) {
            throw failure("create pod cgroup " + path, e);
        }
        return path.toString();
    }

    @Override
    public void addProcess(String path, long pid) {
        try {
            manager.open(CgroupPath.parse(path)).addProcess(pid);
        } catch (CgroupException e) {
            throw failure("move process " + pid + " into " + path, e);
        }
    }

    @Override
    public void update(String path, CriLinuxContainerResources resources) {
        try {
            manager.open(CgroupPath.parse(path)).update(ResourcesMapper.fromCri(resources));
        } catch (CgroupException e) {
            throw failure("update pod cgroup " + path, e);
        }
    }

    @Override
    public void remove(String path) {
        if (path.isEmpty()) {
            return;
        }
        try {
            manager.delete(CgroupPath.parse(path), Duration.ofSeconds(5));
        } catch (CgroupException e) {
            throw failure("remove pod cgroup " + path, e);
        }
    }

    private static CortadoException failure(String what, CgroupException e) {
        ErrorKind kind = switch (e.reason()) {
            case INVALID_ARGUMENT -> ErrorKind.INVALID_ARGUMENT;
            case UNSUPPORTED, FAILED_PRECONDITION -> ErrorKind.FAILED_PRECONDITION;
            case NOT_FOUND -> ErrorKind.NOT_FOUND;
            default -> ErrorKind.INTERNAL;
        };
        return new CortadoException(kind, "cannot " + what + ": " + e.getMessage(), e);
    }
}

package dev.cortado.cgroups;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses a CRI {@code cgroup_parent} for either kubelet cgroup driver into a {@link CgroupPath}.
 *
 * <p>cgroupfs driver: the value is already a path ({@code /kubepods/burstable/pod<uid>}).
 * systemd driver: the value is a slice name ({@code kubepods-burstable-pod<uid>.slice}) that
 * systemd expands with one slice per dash prefix; without systemd we create the same layout
 * ({@code /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid>.slice}) so paths
 * look the same to every tool (rules as systemd's unit_name_to_path / runc's ExpandSlice).
 */
public final class CgroupParent {
    private CgroupParent() {}

    /** The two cgroup drivers of kubelet. */
    public enum Driver {
        CGROUPFS,
        SYSTEMD
    }

    /** Parses a cgroup parent for the given driver. */
    public static CgroupPath parse(String parent, Driver driver) {
        return driver == Driver.SYSTEMD ? expandSlice(parent) : CgroupPath.parse(parent);
    }

    /**
     * Expands a systemd slice name to its cgroup path; {@code -.slice} is the root slice.
     * Rejects names without the {@code .slice} suffix, with '/', or with empty dash components.
     */
    public static CgroupPath expandSlice(String slice) {
        if (slice == null || !slice.endsWith(".slice") || slice.contains("/")) {
            throw invalid(slice, "a slice name must end in .slice and contain no '/'");
        }
        if (slice.equals("-.slice")) {
            return CgroupPath.ROOT;
        }
        String name = slice.substring(0, slice.length() - ".slice".length());
        if (name.isEmpty() || name.startsWith("-") || name.endsWith("-") || name.contains("--")) {
            throw invalid(slice, "dash-separated parts must not be empty");
        }
        List<String> segs = new ArrayList<>();
        int from = 0;
        int dash;
        while ((dash = name.indexOf('-', from)) >= 0) {
            segs.add(name.substring(0, dash) + ".slice");
            from = dash + 1;
        }
        segs.add(slice);
        return new CgroupPath(segs);
    }

    /**
     * Parses the systemd driver's container path {@code slice:prefix:name} (as runc takes it) to
     * the slice's path plus {@code prefix-name.scope}.
     */
    public static CgroupPath systemdContainerPath(String spec) {
        String[] parts = spec == null ? new String[0] : spec.split(":", -1);
        if (parts.length != 3 || parts[2].isEmpty()) {
            throw invalid(spec, "expected slice:prefix:name");
        }
        CgroupPath slice = parts[0].isEmpty() ? CgroupPath.ROOT : expandSlice(parts[0]);
        String unit = parts[1].isEmpty() ? parts[2] + ".scope" : parts[1] + "-" + parts[2] + ".scope";
        return slice.child(unit);
    }

    private static CgroupException invalid(String value, String why) {
        return new CgroupException(
                CgroupException.Reason.INVALID_ARGUMENT, "invalid systemd cgroup name \"" + value + "\": " + why);
    }
}

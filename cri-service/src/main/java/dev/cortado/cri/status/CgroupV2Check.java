package dev.cortado.cri.status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Checks that a cgroup v2 hierarchy is mounted (pure v2 at /sys/fs/cgroup, or the unified
 * mount of a hybrid host), since every container lives in a cgroup v2 group.
 */
public final class CgroupV2Check implements ReadinessCheck {
    private final Path mountinfo;

    public CgroupV2Check(Path mountinfo) {
        this.mountinfo = mountinfo;
    }

    @Override
    public String name() {
        return "cgroup2";
    }

    @Override
    public Optional<Failure> check() {
        try {
            return cgroup2MountPoint(Files.readAllLines(mountinfo)).isPresent() ? Optional.empty()
                    : Optional.of(new Failure("CgroupV2Missing", "no cgroup2 filesystem is mounted (read " + mountinfo + ")"));
        } catch (IOException e) {
            return Optional.of(new Failure("CgroupV2Missing", "cannot read " + mountinfo + ": " + e.getMessage()));
        }
    }

    /**
     * The mount point of the first cgroup2 filesystem in mountinfo lines. Format (proc(5)):
     * {@code id parent major:minor root mountpoint options [optional...] - fstype source super}.
     */
    static Optional<String> cgroup2MountPoint(List<String> lines) {
        for (String line : lines) {
            String[] fields = line.split(" ");
            int separator = List.of(fields).indexOf("-");
            if (separator > 4 && separator + 1 < fields.length && fields[separator + 1].equals("cgroup2")) {
                return Optional.of(fields[4].replace("\\040", " "));
            }
        }
        return Optional.empty();
    }
}

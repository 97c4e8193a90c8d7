package dev.cortado.shim.launch;

import dev.cortado.shim.spec.LinuxSpec.IdMapping;
import dev.cortado.shim.spec.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The uid and gid maps of a user namespace that a container joins by path, read from
 * {@code /proc/PID/uid_map} and {@code gid_map}, so that a process user the namespace does not
 * map fails when the plan is built rather than as EINVAL from setuid in cortado-init.
 */
record UserNamespaceMaps(List<IdMapping> uids, List<IdMapping> gids) {
    private static final Pattern PROC_NS = Pattern.compile("/proc/([0-9]+)/ns/user");

    UserNamespaceMaps {
        uids = List.copyOf(uids);
        gids = List.copyOf(gids);
    }

    /**
     * The maps of the namespace at {@code nsPath} when it names a process's namespace under
     * {@code procRoot} ({@code /proc/PID/ns/user}); empty for other paths (a pinned nsfs file
     * says nothing about its maps).
     */
    static Optional<UserNamespaceMaps> ofPath(Path procRoot, String nsPath) {
        Matcher m = PROC_NS.matcher(nsPath);
        if (!m.matches()) {
            return Optional.empty();
        }
        Path pid = procRoot.resolve(m.group(1));
        try {
            return Optional.of(new UserNamespaceMaps(
                    parse(Files.readString(pid.resolve("uid_map"))), parse(Files.readString(pid.resolve("gid_map")))));
        } catch (IOException e) {
            throw PlanBuilder.invalid(
                    "user namespace " + nsPath + ": cannot read its id maps (" + e.getMessage() + ")");
        }
    }

    /** Parses the kernel's map format: one "INSIDE OUTSIDE COUNT" line per range. */
    static List<IdMapping> parse(String map) {
        List<IdMapping> ranges = new ArrayList<>();
        for (String line : map.strip().split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 3) {
                ranges.add(new IdMapping(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])));
            }
        }
        return ranges;
    }

    /** Fails unless the user's uid, gid and every additional gid are mapped. */
    void requireMapped(ProcessSpec.User user, String nsPath) {
        long uid = user == null ? 0 : user.uid();
        long gid = user == null ? 0 : user.gid();
        require(uids, uid, "uid", nsPath);
        require(gids, gid, "gid", nsPath);
        if (user != null) {
            user.additionalGids().forEach(g -> require(gids, g, "additional gid", nsPath));
        }
    }

    private static void require(List<IdMapping> ranges, long id, String what, String nsPath) {
        if (ranges.stream().noneMatch(r -> id >= r.containerID() && id < r.containerID() + r.size())) {
            throw PlanBuilder.invalid(what + " " + id + " is not mapped in user namespace " + nsPath);
        }
    }
}

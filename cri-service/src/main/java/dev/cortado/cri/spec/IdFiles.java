package dev.cortado.cri.spec;

import dev.cortado.errors.CortadoException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * An image's {@code /etc/passwd} and {@code /etc/group}, parsed as moby/sys/user does (first
 * match wins, blank and {@code #} lines skipped) but failing closed: a matching entry whose id is
 * not a number in 0..2^31-1 is an error, never uid 0 (CVE-2024-40635 is the overflow case).
 */
final class IdFiles {
    /** A passwd entry: name, uid, primary gid; {@code bad} when its numbers did not parse. */
    record PasswdEntry(String name, long uid, long gid, boolean bad) {}

    /** A group entry: name, gid, member names. */
    record GroupEntry(String name, long gid, List<String> members, boolean bad) {}

    private final List<PasswdEntry> users;
    private final List<GroupEntry> groups;
    private final boolean hasPasswd;
    private final boolean hasGroup;

    private IdFiles(List<PasswdEntry> users, boolean hasPasswd, List<GroupEntry> groups, boolean hasGroup) {
        this.users = users;
        this.groups = groups;
        this.hasPasswd = hasPasswd;
        this.hasGroup = hasGroup;
    }

    /** Reads both files through {@code rootfs} (each at most {@link RootfsFiles#MAX_ID_FILE_BYTES}). */
    static IdFiles read(RootfsFiles rootfs) {
        Optional<String> passwd = rootfs.read("/etc/passwd", RootfsFiles.MAX_ID_FILE_BYTES);
        Optional<String> group = rootfs.read("/etc/group", RootfsFiles.MAX_ID_FILE_BYTES);
        List<PasswdEntry> users = new ArrayList<>();
        for (String[] f : fields(passwd.orElse(""), 4)) {
            Long uid = id(f[2]);
            Long gid = id(f[3]);
            users.add(
                    new PasswdEntry(f[0], uid == null ? -1 : uid, gid == null ? -1 : gid, uid == null || gid == null));
        }
        List<GroupEntry> groupList = new ArrayList<>();
        for (String[] f : fields(group.orElse(""), 3)) {
            Long gid = id(f[2]);
            List<String> members = f.length > 3 && !f[3].isEmpty() ? Arrays.asList(f[3].split(",")) : List.of();
            groupList.add(new GroupEntry(
                    f[0],
                    gid == null ? -1 : gid,
                    members.stream().map(String::trim).toList(),
                    gid == null));
        }
        return new IdFiles(users, passwd.isPresent(), groupList, group.isPresent());
    }

    /** The first user matching; INVALID_ARGUMENT when that entry is malformed. */
    Optional<PasswdEntry> user(Predicate<PasswdEntry> match, String what) {
        Optional<PasswdEntry> found = users.stream().filter(match).findFirst();
        found.filter(PasswdEntry::bad).ifPresent(e -> {
            throw CortadoException.invalidArgument("image /etc/passwd entry for %s has an invalid uid or gid", what);
        });
        return found;
    }

    /** The first user with this uid (malformed entries cannot match by number). */
    Optional<PasswdEntry> userById(long uid) {
        return users.stream().filter(e -> !e.bad() && e.uid() == uid).findFirst();
    }

    /** The first group of this name; INVALID_ARGUMENT when that entry is malformed. */
    Optional<GroupEntry> group(String name) {
        Optional<GroupEntry> found =
                groups.stream().filter(g -> g.name().equals(name)).findFirst();
        found.filter(GroupEntry::bad).ifPresent(e -> {
            throw CortadoException.invalidArgument("image /etc/group entry for %s has an invalid gid", name);
        });
        return found;
    }

    /** The gids of the groups that list {@code username} as a member, except its own-named group. */
    List<Long> memberships(String username) {
        return groups.stream()
                .filter(g ->
                        !g.bad() && !g.name().equals(username) && g.members().contains(username))
                .map(GroupEntry::gid)
                .toList();
    }

    boolean hasPasswd() {
        return hasPasswd;
    }

    boolean hasGroup() {
        return hasGroup;
    }

    /** Parses a number as an id in 0..2^31-1; null when it is not one. */
    static Long id(String s) {
        if (s == null || s.isEmpty() || s.length() > 10 || !s.chars().allMatch(Character::isDigit)) {
            return null;
        }
        long v = Long.parseLong(s);
        return v <= Integer.MAX_VALUE ? v : null;
    }

    private static List<String[]> fields(String text, int minFields) {
        List<String[]> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split(":", -1);
            if (f.length >= minFields) {
                out.add(f);
            }
        }
        return out;
    }
}

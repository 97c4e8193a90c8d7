package dev.cortado.cri.spec;

import dev.cortado.api.cri.v1.LinuxContainerSecurityContext;
import dev.cortado.api.cri.v1.SupplementalGroupsPolicy;
import dev.cortado.errors.CortadoException;
import java.util.List;
import java.util.TreeSet;

/**
 * The uid, gid and additional gids of a container's process, resolved as containerd 2.x does
 * ({@code container_create_linux.go} and {@code oci.WithUser}):
 *
 * <ol>
 *   <li>the user is {@code run_as_username}, else {@code run_as_user}, plus {@code :run_as_group};
 *       a group without a user is INVALID_ARGUMENT; with neither, the image's {@code User};
 *   <li>a uid absent from /etc/passwd runs with gid 0; a name must be found; {@code x:group}
 *       takes the group from /etc/group by name or number;
 *   <li>the primary gid is always an additional gid (CVE-2023-25173);
 *   <li>policy Merge adds the groups of /etc/group that list the user, Strict does not; both add
 *       {@code supplemental_groups}; the result is sorted and unique ({@code mergeGids}).
 * </ol>
 */
final class UserResolver {
    private UserResolver() {}

    /** The process user for this security context and image {@code User}. */
    static OciSpec.User resolve(LinuxContainerSecurityContext sc, String imageUser, RootfsFiles rootfs) {
        String userstr = criUserString(sc);
        if (userstr.isEmpty()) {
            userstr = imageUser;
        }
        IdFiles files = IdFiles.read(rootfs);
        long uid = 0;
        long gid = 0;
        TreeSet<Long> gids = new TreeSet<>();
        for (long g : sc.getSupplementalGroupsList()) {
            gids.add(checkedId(g, "supplemental group"));
        }
        if (!userstr.isEmpty()) {
            long[] ids = withUser(userstr, files);
            uid = ids[0];
            gid = ids[1];
            gids.add(gid);
        }
        SupplementalGroupsPolicy policy = sc.getSupplementalGroupsPolicy();
        if (policy == SupplementalGroupsPolicy.Merge) {
            gids.add(gid);
            gids.addAll(memberships(mergeUser(sc, imageUser), files));
        } else if (policy != SupplementalGroupsPolicy.Strict) {
            throw CortadoException.invalidArgument("supplemental groups policy %s is not supported", policy);
        }
        return new OciSpec.User(uid, gid, List.copyOf(gids));
    }

    /** containerd's {@code GenerateUserString}: username or uid, then {@code :gid}. */
    static String criUserString(LinuxContainerSecurityContext sc) {
        String user = "";
        if (sc.hasRunAsUser()) {
            user = Long.toString(checkedId(sc.getRunAsUser().getValue(), "run_as_user"));
        }
        if (!sc.getRunAsUsername().isEmpty()) {
            user = sc.getRunAsUsername();
        }
        if (sc.hasRunAsGroup()) {
            long group = checkedId(sc.getRunAsGroup().getValue(), "run_as_group");
            if (user.isEmpty()) {
                throw CortadoException.invalidArgument(
                        "run_as_group %d is specified without run_as_user or " + "run_as_username", group);
            }
            return user + ":" + group;
        }
        return user;
    }

    private static long[] withUser(String userstr, IdFiles files) {
        String[] parts = userstr.split(":", -1);
        if (parts.length > 2 || parts[0].isEmpty() || (parts.length == 2 && parts[1].isEmpty())) {
            throw CortadoException.invalidArgument(
                    "invalid user \"%s\": expected user, uid, user:group or uid:gid", userstr);
        }
        Long uid = IdFiles.id(parts[0]);
        long gid = 0;
        if (uid == null) {
            IdFiles.PasswdEntry e = byName(parts[0], files);
            uid = e.uid();
            gid = e.gid();
        } else if (parts.length == 1) {
            // containerd's WithUserID: a uid without a passwd entry runs with gid 0
            gid = files.userById(uid).map(IdFiles.PasswdEntry::gid).orElse(0L);
        }
        if (parts.length == 2) {
            Long numeric = IdFiles.id(parts[1]);
            gid = numeric != null
                    ? numeric
                    : files.group(parts[1])
                            .map(IdFiles.GroupEntry::gid)
                            .orElseThrow(() -> CortadoException.invalidArgument(
                                    "group \"%s\" of user \"%s\" is not in the image's /etc/group%s",
                                    parts[1], userstr, files.hasGroup() ? "" : " (the image has none)"));
        }
        return new long[] {uid, gid};
    }

    private static IdFiles.PasswdEntry byName(String name, IdFiles files) {
        return files.user(e -> e.name().equals(name), "user " + name)
                .orElseThrow(() -> CortadoException.invalidArgument(
                        "user \"%s\" is not in the image's /etc/passwd%s",
                        name, files.hasPasswd() ? "" : " (the image has none)"));
    }

    /** The user whose /etc/group memberships Merge adds: as containerd picks it. */
    private static String mergeUser(LinuxContainerSecurityContext sc, String imageUser) {
        if (!sc.getRunAsUsername().isEmpty()) {
            return sc.getRunAsUsername();
        }
        if (sc.hasRunAsUser()) {
            return Long.toString(sc.getRunAsUser().getValue());
        }
        if (!imageUser.isEmpty()) {
            return imageUser.split(":", 2)[0];
        }
        return "0";
    }

    private static List<Long> memberships(String user, IdFiles files) {
        Long uid = IdFiles.id(user);
        String name = uid == null
                ? user
                : files.userById(uid).map(IdFiles.PasswdEntry::name).orElse(null);
        return name == null ? List.of() : files.memberships(name);
    }

    private static long checkedId(long id, String field) {
        if (id < 0 || id > Integer.MAX_VALUE) {
            throw CortadoException.invalidArgument("%s %d is not in 0..%d", field, id, Integer.MAX_VALUE);
        }
        return id;
    }
}

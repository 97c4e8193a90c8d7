package dev.cortado.shim.launch;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.shim.spec.ProcessSpec.User;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves an image's {@code USER} (name, uid, {@code user:group}) against its /etc/passwd and
 * /etc/group, as containerd does, so that cortado-init only gets numbers.
 *
 * <p>Hardened per research/reliability.md A18: ids must be 0..2^31-1 (CVE-2024-40635); the
 * primary gid is always among the groups (CVE-2023-25173); the files are read only when they
 * and /etc are not symlinks and are regular files, at most 10 MiB (CVE-2026-47262).
 */
public final class ImageUsers {
    static final long MAX_FILE = 10L << 20;

    /** How image groups combine with the requested supplemental groups (CRI SupplementalGroupsPolicy). */
    public enum Policy {
        MERGE,
        STRICT
    }

    private final Path rootfs;

    public ImageUsers(Path rootfs) {
        this.rootfs = rootfs;
    }

    /** The user to run as for {@code spec} (image USER syntax), with extra supplemental gids. */
    public User resolve(String spec, List<Long> supplemental, Policy policy) {
        String userPart = spec == null || spec.isEmpty() ? "0" : spec.split(":", 2)[0];
        String groupPart = spec != null && spec.contains(":") ? spec.split(":", 2)[1] : null;
        List<String[]> passwd = read("passwd");
        Optional<String[]> entry = isNumber(userPart)
                ? passwd.stream().filter(e -> e[2].equals(userPart)).findFirst()
                : passwd.stream().filter(e -> e[0].equals(userPart)).findFirst();
        if (!isNumber(userPart) && entry.isEmpty()) {
            throw invalid("no user " + userPart + " in the image's /etc/passwd");
        }
        long uid = isNumber(userPart) ? id(userPart) : id(entry.get()[2]);
        List<String[]> group = read("group");
        long gid;
        if (groupPart != null) {
            gid = isNumber(groupPart)
                    ? id(groupPart)
                    : id(group.stream()
                            .filter(g -> g[0].equals(groupPart))
                            .findFirst()
                            .orElseThrow(() -> invalid("no group " + groupPart + " in the image's /etc/group"))[2]);
        } else {
            gid = entry.map(e -> id(e[3])).orElse(0L);
        }
        Set<Long> gids = new LinkedHashSet<>();
        gids.add(gid);
        if (policy == Policy.MERGE && groupPart == null && entry.isPresent()) {
            String name = entry.get()[0];
            for (String[] g : group) {
                if (g.length > 3 && List.of(g[3].split(",")).contains(name)) {
                    gids.add(id(g[2]));
                }
            }
        }
        supplemental.forEach(g -> gids.add(checked(g)));
        return new User(uid, gid, new ArrayList<>(gids));
    }

    private List<String[]> read(String name) {
        Path etc = rootfs.resolve("etc");
        Path file = etc.resolve(name);
        if (!Files.isDirectory(etc, LinkOption.NOFOLLOW_LINKS) || !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw invalid("/etc/" + name + " of the image is not a regular file");
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] data = in.readNBytes((int) MAX_FILE + 1);
            if (data.length > MAX_FILE) {
                throw invalid("/etc/" + name + " of the image is larger than 10 MiB");
            }
            List<String[]> entries = new ArrayList<>();
            for (String line : new String(data, StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.split(":", -1);
                if (f.length >= 3 && !line.startsWith("#") && isNumber(f[2])) {
                    entries.add(f);
                }
            }
            return entries;
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.INVALID_ARGUMENT, "read /etc/" + name + " of the image", e);
        }
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    private static long id(String s) {
        if (!isNumber(s) || s.length() > 10 || Long.parseLong(s) > Integer.MAX_VALUE) {
            throw invalid("id " + s + " is not in 0.." + Integer.MAX_VALUE);
        }
        return Long.parseLong(s);
    }

    private static long checked(long id) {
        return id(Long.toString(id));
    }

    private static CortadoException invalid(String message) {
        return new CortadoException(ErrorKind.INVALID_ARGUMENT, message);
    }
}

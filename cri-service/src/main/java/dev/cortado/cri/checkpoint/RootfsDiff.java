package dev.cortado.cri.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a container changed in its root filesystem, from its overlay upper dir, as CRI-O's
 * checkpoint stores it: {@code rootfs-diff.tar} with every added or changed file, directory and
 * symlink (paths relative to the root, owners and modes kept), and {@code deleted.files}, a JSON
 * array of the paths overlay whiteouts hide (character devices 0:0 in the upper dir).
 */
public final class RootfsDiff {
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;

    private RootfsDiff() {}

    /** Writes both files; returns the deleted paths. */
    public static List<String> write(Path upper, Path diffTar, Path deletedFiles) throws IOException {
        List<String> deleted = new ArrayList<>();
        try (OutputStream out = Files.newOutputStream(diffTar);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            try (Stream<Path> walk = Files.walk(upper)) {
                for (Path p : walk.sorted().toList()) {
                    if (p.equals(upper)) {
                        continue;
                    }
                    String name = upper.relativize(p).toString();
                    if (isWhiteout(p)) {
                        deleted.add("/" + name);
                    } else {
                        add(tar, p, name);
                    }
                }
            }
        }
        Files.writeString(deletedFiles, JsonMapper.builder().build().writeValueAsString(deleted));
        return List.copyOf(deleted);
    }

    private static void add(TarArchiveOutputStream tar, Path p, String name) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
        TarArchiveEntry e;
        boolean regular = false;
        if (Files.isSymbolicLink(p)) {
            e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            e.setLinkName(Files.readSymbolicLink(p).toString());
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            e = new TarArchiveEntry(name + "/");
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            e = new TarArchiveEntry(name);
            e.setSize(Files.size(p));
            regular = true;
        } else {
            return; // sockets, fifos and device nodes are not file content (CRI-O's tar skips them too)
        }
        e.setMode((Integer) a.get("mode") & 07777);
        e.setUserId(((Number) a.get("uid")).longValue());
        e.setGroupId(((Number) a.get("gid")).longValue());
        e.setModTime(Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS));
        tar.putArchiveEntry(e);
        if (regular) {
            Files.copy(p, tar);
        }
        tar.closeArchiveEntry();
    }

    static boolean isWhiteout(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
        return ((Integer) a.get("mode") & S_IFMT) == S_IFCHR && ((Number) a.get("rdev")).longValue() == 0;
    }
}

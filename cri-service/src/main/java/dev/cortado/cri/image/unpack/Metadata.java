package dev.cortado.cri.image.unpack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Applies owner, mode, xattrs and mtime of an entry to the node itself, never through a symlink
 * (CVE-2021-32760): lchown, no chmod on symlinks, utimensat with AT_SYMLINK_NOFOLLOW, and chmod
 * after chown because chown clears setuid/setgid.
 */
final class Metadata {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final String PAX_XATTR = "SCHILY.xattr.";

    private final FsOps ops;
    private final boolean privileged;
    private final List<Map.Entry<Path, FileTime>> directories = new ArrayList<>();

    Metadata(FsOps ops, boolean privileged) {
        this.ops = ops;
        this.privileged = privileged;
    }

    boolean privileged() {
        return privileged;
    }

    void apply(TarArchiveEntry entry, Path target) throws IOException {
        boolean symlink = entry.isSymbolicLink();
        if (!Files.exists(target, NOFOLLOW)) {
            return; // an unprivileged unpack skipped this device node
        }
        if (!symlink) {
            for (Map.Entry<String, String> header : entry.getExtraPaxHeaders().entrySet()) {
                if (header.getKey().startsWith(PAX_XATTR)) {
                    // PAX stores xattr values as raw bytes in an ISO-8859-1-decoded string
                    ops.setXattr(
                            target,
                            header.getKey().substring(PAX_XATTR.length()),
                            header.getValue().getBytes(StandardCharsets.ISO_8859_1));
                }
            }
        }
        if (privileged) {
            Files.setAttribute(target, "unix:uid", (int) entry.getLongUserId(), NOFOLLOW);
            Files.setAttribute(target, "unix:gid", (int) entry.getLongGroupId(), NOFOLLOW);
        }
        if (!symlink) {
            // Following is safe: target was just created by us and is not a symlink. The JDK's
            // NOFOLLOW chmod opens the node, which blocks on a fifo and has side effects on devices.
            Files.setAttribute(target, "unix:mode", entry.getMode() & 07777);
        }
        FileTime mtime = FileTime.from(entry.getModTime().toInstant());
        if (entry.isDirectory()) {
            directories.add(Map.entry(target, mtime));
        } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            // the JDK sets times through an open descriptor, and opening a fifo blocks and opening a
            // device has side effects: FsOps sets them with utimensat(AT_SYMLINK_NOFOLLOW) instead
            ops.setNodeTime(target, mtime.toInstant());
        } else {
            setTime(target, mtime, symlink);
        }
    }

    void finishDirectories() throws IOException {
        for (int i = directories.size() - 1; i >= 0; i--) {
            Path dir = directories.get(i).getKey();
            if (Files.isDirectory(dir, NOFOLLOW)) {
                setTime(dir, directories.get(i).getValue(), false);
            }
        }
    }

    private static void setTime(Path target, FileTime mtime, boolean symlink) throws IOException {
        // utimensat without opening the node; AT_SYMLINK_NOFOLLOW only matters for symlinks, and the
        // entry says whether it made one (no lstat per file to ask the filesystem again)
        LinkOption[] options = symlink ? new LinkOption[] {NOFOLLOW} : new LinkOption[0];
        Files.getFileAttributeView(target, BasicFileAttributeView.class, options)
                .setTimes(mtime, null, null);
    }
}

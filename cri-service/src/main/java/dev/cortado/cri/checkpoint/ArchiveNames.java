package dev.cortado.cri.checkpoint;

import dev.cortado.errors.CortadoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Names inside a checkpoint archive (and its {@code rootfs-diff.tar}), checked before anything
 * is read or written (house rule 16): relative, no {@code ..} or empty segment, no NUL, and, where
 * an entry is written below a root, no parent that is a symbolic link, so neither a crafted name
 * nor a symlink made by an earlier entry (or found in the image) reaches outside the root.
 */
final class ArchiveNames {
    private static final int MAX_NAME = 4096;

    private ArchiveNames() {}

    /** The entry's name without a leading {@code ./} and trailing {@code /}; INVALID_ARGUMENT when unsafe. */
    static String check(Path archive, String raw) {
        String name = raw;
        while (name.startsWith("./")) {
            name = name.substring(2);
        }
        while (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty() || name.equals(".")) {
            return "";
        }
        if (name.length() > MAX_NAME || name.startsWith("/") || name.indexOf('\0') >= 0) {
            throw unsafe(archive, raw);
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals("..") || segment.equals(".")) {
                throw unsafe(archive, raw);
            }
        }
        return name;
    }

    /**
     * {@code root/name}, after making sure no directory between root and it is a symbolic link
     * (the entry itself may be one: it is replaced, never followed).
     */
    static Path below(Path archive, Path root, String name) throws IOException {
        Path target = root.resolve(name).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw unsafe(archive, name);
        }
        for (Path p = target.getParent(); p != null && !p.equals(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw CortadoException.invalidArgument(
                        "checkpoint archive %s: entry \"%s\" goes through the symbolic link %s",
                        archive, name, root.relativize(p));
            }
        }
        return target;
    }

    /**
     * A plain file by its type flag ({@link TarArchiveEntry#isFile} also says yes to links and
     * devices whose name does not end in '/').
     */
    static boolean regular(TarArchiveEntry e) {
        byte flag = e.getLinkFlag();
        return flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG;
    }

    private static CortadoException unsafe(Path archive, String raw) {
        return CortadoException.invalidArgument(
                "checkpoint archive %s: entry name \"%s\" is not a relative path inside the archive",
                archive, raw.replace("\0", "\\0"));
    }
}

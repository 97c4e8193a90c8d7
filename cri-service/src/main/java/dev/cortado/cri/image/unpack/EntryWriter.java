package dev.cortado.cri.image.unpack;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes tar entries under a root following containerd's archive rules: names cleaned as if
 * rooted at {@code /}, parents resolved with symlinks re-rooted, an existing non-directory
 * replaced rather than written through, hardlinks only to entries inside the root, and
 * whiteouts turned into overlayfs whiteouts and opaque markers.
 */
final class EntryWriter {
    static final String WHITEOUT = ".wh.";
    static final String OPAQUE = ".wh..wh..opq";
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final byte[] ZEROS = new byte[1 << 16];

    private final Path root;
    private final FsOps ops;
    private final UnpackLimits limits;
    private final Metadata metadata;
    private final ExpansionMeter meter;
    /** One copy buffer for every file of the layer: a fresh 64 KiB per file made 128 MB of garbage for 2000 small files. */
    private final byte[] buffer = new byte[1 << 16];

    private long entries;

    EntryWriter(Path root, FsOps ops, UnpackLimits limits, boolean privileged, ExpansionMeter meter) {
        this.root = root;
        this.ops = ops;
        this.limits = limits;
        this.meter = meter;
        this.metadata = new Metadata(ops, privileged);
    }

    long entries() {
        return entries;
    }

    void write(TarArchiveEntry entry, InputStream content) throws IOException {
        if (++entries > limits.maxEntries()) {
            throw limit("more than " + limits.maxEntries() + " entries");
        }
        String name = entry.getName();
        if (name.length() > limits.maxPathLength() || entry.getLinkName().length() > limits.maxPathLength()) {
            throw limit("an entry name or link target longer than " + limits.maxPathLength());
        }
        List<String> parts = SafePath.clean(name);
        if (parts.isEmpty()) {
            return; // the root itself: its ownership is the snapshotter's, not the layer's
        }
        String base = parts.get(parts.size() - 1);
        Path parent = SafePath.resolve(root, parts.subList(0, parts.size() - 1));
        Files.createDirectories(parent);
        if (base.startsWith(WHITEOUT)) {
            whiteout(parent, base);
            return;
        }
        Path target = parent.resolve(base);
        if (Files.exists(target, NOFOLLOW) && !(entry.isDirectory() && Files.isDirectory(target, NOFOLLOW))) {
            Tree.delete(target);
        }
        create(entry, content, target);
        if (!entry.isLink()) {
            metadata.apply(entry, target);
        }
    }

    private void create(TarArchiveEntry entry, InputStream content, Path target) throws IOException {
        if (entry.isDirectory()) {
            if (!Files.isDirectory(target, NOFOLLOW)) {
                Files.createDirectory(target);
            }
        } else if (entry.isSymbolicLink()) {
            if (entry.getLinkName().indexOf('\0') >= 0) {
                throw CortadoException.invalidArgument("symlink %s has a NUL byte in its target", entry.getName());
            }
            Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
        } else if (entry.isLink()) {
            // the link target is resolved like a name, but its last component is not followed
            List<String> linkParts = SafePath.clean(entry.getLinkName());
            if (linkParts.isEmpty()) {
                throw CortadoException.invalidArgument("hardlink %s points at the layer root", entry.getName());
            }
            Path linkParent = SafePath.resolve(root, linkParts.subList(0, linkParts.size() - 1));
            Path source = linkParent.resolve(linkParts.get(linkParts.size() - 1));
            if (!Files.exists(source, NOFOLLOW) || Files.isDirectory(source, NOFOLLOW)) {
                throw CortadoException.invalidArgument(
                        "hardlink %s points at %s, which is missing or a directory",
                        entry.getName(), entry.getLinkName());
            }
            Files.createLink(target, source);
        } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            if (metadata.privileged() || entry.isFIFO()) {
                ops.mknod(
                        target,
                        entry.isCharacterDevice() ? 'c' : entry.isBlockDevice() ? 'b' : 'p',
                        entry.getDevMajor(),
                        entry.getDevMinor());
            }
        } else if (isRegular(entry)) {
            copy(content, target);
        } else {
            throw CortadoException.invalidArgument(
                    "unsupported tar entry type '%c' for %s", (char) entry.getLinkFlag(), entry.getName());
        }
    }

    /** commons-compress calls every non-directory a file; only these type flags are regular files. */
    private static boolean isRegular(TarArchiveEntry entry) {
        byte flag = entry.getLinkFlag();
        return flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG;
    }

    /**
     * Writes a regular file, leaving runs of zeros as holes: a file of zeros (a sparse tar entry,
     * a {@code lastlog}) then costs no disk, and reads back the same.
     */
    private void copy(InputStream content, Path target) throws IOException {
        try (FileChannel out =
                FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, NOFOLLOW)) {
            long size = 0;
            int n;
            while ((n = content.readNBytes(buffer, 0, buffer.length)) > 0) {
                meter.wrote(n);
                if (!isZero(buffer, n)) {
                    out.write(ByteBuffer.wrap(buffer, 0, n), size);
                }
                size += n;
            }
            if (size > 0 && out.size() < size) {
                out.write(ByteBuffer.wrap(new byte[1]), size - 1); // a trailing hole still needs the length
            }
        }
    }

    private static boolean isZero(byte[] buffer, int n) {
        return Arrays.mismatch(buffer, 0, n, ZEROS, 0, n) < 0;
    }

    private void whiteout(Path parent, String base) throws IOException {
        if (base.equals(OPAQUE)) {
            ops.markOpaque(parent);
            return;
        }
        String hidden = base.substring(WHITEOUT.length());
        if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..") || hidden.startsWith(WHITEOUT)) {
            throw CortadoException.invalidArgument("invalid whiteout name %s", base);
        }
        Path target = parent.resolve(hidden);
        if (Files.exists(target, NOFOLLOW)) {
            Tree.delete(target);
        }
        ops.whiteout(target);
    }

    /** Sets directory mtimes last, since writing their children changed them. */
    void finish() throws IOException {
        metadata.finishDirectories();
    }

    private static CortadoException limit(String what) {
        return new CortadoException(ErrorKind.RESOURCE_EXHAUSTED, "layer exceeds the unpack limit: " + what);
    }
}

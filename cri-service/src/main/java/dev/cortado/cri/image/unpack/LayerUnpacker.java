package dev.cortado.cri.image.unpack;

import dev.cortado.cri.image.reference.Digest;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks one layer (gzip, zstd or plain tar) into an empty directory in overlayfs form and
 * returns its diff id; any bad entry fails the whole layer, and the caller discards the directory.
 */
public final class LayerUnpacker {
    private final FsOps ops;
    private final UnpackLimits limits;
    private final boolean privileged;

    /**
     * An unpacker.
     *
     * @param privileged whether to keep owners and create device nodes (root without a user
     *        namespace); when false owners are left as the caller and devices are skipped, as
     *        containerd does inside a user namespace
     */
    public LayerUnpacker(FsOps ops, UnpackLimits limits, boolean privileged) {
        this.ops = ops;
        this.limits = limits;
        this.privileged = privileged;
    }

    /** Unpacks {@code layer} into {@code root}, which must exist; the ratio counts the bytes read. */
    public UnpackResult unpack(InputStream layer, Path root) throws IOException {
        return unpack(layer, -1, root, UnpackBudget.unlimited());
    }

    /**
     * Unpacks {@code layer}, a blob of {@code compressedSize} bytes, into {@code root}, which must
     * exist, charging what it unpacks to {@code image}; passing a limit stops it with
     * RESOURCE_EXHAUSTED naming the limit, and the caller discards {@code root}.
     */
    public UnpackResult unpack(InputStream layer, long compressedSize, Path root, UnpackBudget image)
            throws IOException {
        if (!Files.isDirectory(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw CortadoException.invalidArgument("unpack target %s is not a directory", root);
        }
        MessageDigest sha = Digest.newSha256();
        ExpansionMeter meter = new ExpansionMeter(limits, compressedSize, image);
        try (InputStream tar =
                        new DigestInputStream(meter.uncompressed(Decompression.open(meter.compressed(layer))), sha);
                TarArchiveInputStream entries = new TarArchiveInputStream(tar)) {
            EntryWriter writer = new EntryWriter(root.toRealPath(), ops, limits, privileged, meter);
            TarArchiveEntry entry;
            while ((entry = entries.getNextEntry()) != null) {
                writer.write(entry, entries);
            }
            writer.finish();
            tar.transferTo(java.io.OutputStream.nullOutputStream()); // the trailer and padding are part of the diff id
            return new UnpackResult(Digest.fromMessageDigest(sha.digest()), writer.entries(), meter.unpacked());
        } catch (IllegalArgumentException e) {
            throw new CortadoException(ErrorKind.INVALID_ARGUMENT, "malformed layer: " + e.getMessage(), e);
        }
    }
}

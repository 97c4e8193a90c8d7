package dev.cortado.cri.spec;

import java.util.Optional;

/**
 * Reads small files from a container's root filesystem (the image's {@code /etc/passwd} and
 * {@code /etc/group}) without letting a symlink in the image lead outside it.
 */
public interface RootfsFiles {
    /** The most a passwd or group file may hold; a bigger one is refused, not truncated. */
    long MAX_ID_FILE_BYTES = 10L << 20;

    /**
     * The file at {@code path} (absolute inside the rootfs) as UTF-8, or empty when it does not
     * exist; INVALID_ARGUMENT when it is larger than {@code maxBytes} or not a regular file.
     */
    Optional<String> read(String path, long maxBytes);

    /** A rootfs without any file. */
    RootfsFiles NONE = (path, maxBytes) -> Optional.empty();
}

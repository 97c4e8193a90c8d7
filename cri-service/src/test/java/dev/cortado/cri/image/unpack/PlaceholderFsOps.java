package dev.cortado.cri.image.unpack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** A fake that leaves a placeholder file for each node (so tests need no root) and ignores xattrs and node times. */
public final class PlaceholderFsOps implements FsOps {
    @Override
    public void mknod(Path path, char type, int major, int minor) throws IOException {
        Files.createFile(path);
    }

    @Override
    public void setXattr(Path path, String name, byte[] value) {}

    @Override
    public void setNodeTime(Path path, Instant mtime) {}
}

package dev.cortado.cri.image.unpack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records device, whiteout, xattr and node time calls and leaves a placeholder file so later entries see a node. */
final class RecordingFsOps implements FsOps {
    final List<String> calls = new CopyOnWriteArrayList<>();
    private final Path root;

    RecordingFsOps(Path root) {
        this.root = root;
    }

    @Override
    public void mknod(Path path, char type, int major, int minor) throws IOException {
        calls.add("mknod " + root.relativize(path) + " " + type + " " + major + ":" + minor);
        Files.createFile(path);
    }

    @Override
    public void setXattr(Path path, String name, byte[] value) {
        calls.add("xattr " + root.relativize(path) + " " + name + "=" + new String(value));
    }

    @Override
    public void setNodeTime(Path path, Instant mtime) {
        calls.add("time " + root.relativize(path) + " " + mtime);
    }
}

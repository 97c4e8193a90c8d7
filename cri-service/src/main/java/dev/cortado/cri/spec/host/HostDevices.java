package dev.cortado.cri.spec.host;

import dev.cortado.cri.spec.HostFacts.HostDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Host device nodes from the JDK's {@code unix:} file attributes (mode, rdev, uid, gid), so no
 * native call is needed. The walk of {@code /dev} skips what containerd's {@code HostDevices}
 * skips: pts, shm, fd, mqueue and the lxc/udev directories, symlinks, and {@code console}.
 */
final class HostDevices {
    private static final Set<String> SKIPPED_DIRS =
            Set.of("pts", "shm", "fd", "mqueue", ".lxc", ".lxd-mounts", ".udev");
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;

    private final Path devRoot;

    HostDevices(Path devRoot) {
        this.devRoot = devRoot;
    }

    /** The node at {@code path}, symlinks resolved; empty when absent or not a char/block device. */
    Optional<HostDevice> device(String path) {
        try {
            Path real = Path.of(path).toRealPath();
            return node(real, real.toString());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Every char and block device under {@code /dev}, named by their /dev path, in path order. */
    List<HostDevice> all() {
        List<HostDevice> out = new ArrayList<>();
        walk(devRoot, out);
        out.sort(java.util.Comparator.comparing(HostDevice::path));
        return out;
    }

    private void walk(Path dir, List<HostDevice> out) {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    if (!SKIPPED_DIRS.contains(name)) {
                        walk(p, out);
                    }
                } else if (!name.equals("console") && !Files.isSymbolicLink(p)) {
                    node(p, "/dev/" + devRoot.relativize(p)).ifPresent(out::add);
                }
            }
        } catch (IOException e) {
            // a directory that vanished or cannot be read has no devices to offer
        }
    }

    private static Optional<HostDevice> node(Path p, String name) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,rdev,uid,gid", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        String type = switch (mode & S_IFMT) {
            case S_IFCHR -> "c";
            case S_IFBLK -> "b";
            default -> null;
        };
        if (type == null) {
            return Optional.empty();
        }
        long rdev = (Long) a.get("rdev");
        long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
        long minor = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
        return Optional.of(new HostDevice(
                name,
                type,
                major,
                minor,
                mode & 07777,
                ((Integer) a.get("uid")).longValue(),
                ((Integer) a.get("gid")).longValue()));
    }
}

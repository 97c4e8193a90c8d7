package dev.cortado.integration.containerd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Best-effort removal of what a containerd under test leaves on the host: mounts under its
 * directory, cgroup directories under a parent in every hierarchy, a network link, the
 * directory itself. Each step reports what it could not remove and carries on. Public for the
 * pods benchmark, which cleans up after its cortado daemon the same way.
 */
public final class HostCleanup {
    private HostCleanup() {}

    /** Lazily unmounts every mount at or under {@code root}, deepest first. */
    public static void unmountUnder(Path root) throws IOException, InterruptedException {
        List<String> targets = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String target = line.split(" ")[4];
            if (target.equals(root.toString()) || target.startsWith(root + "/")) {
                targets.add(target);
            }
        }
        targets.sort(Comparator.reverseOrder());
        for (String t : targets) {
            new ProcessBuilder("umount", "-l", t).start().waitFor();
        }
    }

    /**
     * Removes (rmdir, deepest first) the cgroup {@code parent} ("/a/b") and everything under it
     * in every mounted cgroup hierarchy, v1 and v2; a cgroup with a process left fails and is named.
     */
    public static void removeCgroups(String parent) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            String fsType = f[f.length - 3];
            if (!fsType.equals("cgroup") && !fsType.equals("cgroup2")) {
                continue;
            }
            Path top = Path.of(f[4], parent.substring(1));
            if (!Files.isDirectory(top)) {
                continue;
            }
            try (Stream<Path> dirs = Files.walk(top)) {
                dirs.filter(Files::isDirectory)
                        .sorted(Comparator.reverseOrder())
                        .forEach(d -> {
                            try {
                                Files.delete(d);
                            } catch (IOException e) {
                                System.err.println("could not remove cgroup " + d + ": " + e);
                            }
                        });
            }
        }
    }

    /** Deletes network link {@code name} if it exists. */
    public static void deleteLink(String name) throws IOException, InterruptedException {
        if (Files.exists(Path.of("/sys/class/net", name))) {
            new ProcessBuilder("ip", "link", "del", name).inheritIO().start().waitFor();
        }
    }

    /** Deletes {@code dir} and everything in it (after {@link #unmountUnder}). */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                if (!p.toFile().delete()) {
                    System.err.println("could not delete " + p);
                }
            });
        }
    }
}

package dev.cortado.integration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a failed pod test can leave on the host, removed: mounts under the test's dir (netns
 * pins, shm), processes in its pod cgroups (pid-namespace inits), the cgroups and their parent.
 */
final class PodLeftovers {
    private PodLeftovers() {}

    static void clean(Path dir, Path cgroupRoot, String parent) throws IOException, InterruptedException {
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String mountPoint = line.split(" ")[4];
            if (mountPoint.startsWith(dir.toString())) {
                new ProcessBuilder("umount", "-l", mountPoint)
                        .inheritIO()
                        .start()
                        .waitFor();
            }
        }
        for (Path pod : listOrEmpty(cgroupRoot.resolve(parent))) {
            if (Files.isDirectory(pod)) {
                for (String pid : Files.readAllLines(pod.resolve("cgroup.procs"))) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
                for (int i = 0;
                        i < 100
                                && !Files.readString(pod.resolve("cgroup.procs"))
                                        .isEmpty();
                        i++) {
                    Thread.sleep(20);
                }
                Files.deleteIfExists(pod);
            }
        }
        Files.deleteIfExists(cgroupRoot.resolve(parent)); // ours; empty once every pod is removed
    }

    /** The entries of {@code path}, none when it does not exist. */
    static List<Path> listOrEmpty(Path path) throws IOException {
        try (Stream<Path> entries = Files.list(path)) {
            return entries.toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }
}

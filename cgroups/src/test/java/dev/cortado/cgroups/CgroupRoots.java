package dev.cortado.cgroups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Lays out a fake cgroup2 root under a temporary directory, with real root-level file contents. */
public final class CgroupRoots {
    private CgroupRoots() {}

    /** Creates a pure v2 root with the given controllers available and none enabled yet. */
    public static Path unified(Path base, String controllers) throws IOException {
        Files.writeString(base.resolve("cgroup.controllers"), controllers + "\n");
        Files.writeString(base.resolve("cgroup.subtree_control"), "");
        Files.writeString(base.resolve("cgroup.procs"), "1\n");
        return base;
    }

    /** Creates a hybrid layout: v1 directories beside a controller-less cgroup2 at unified/. */
    public static Path hybrid(Path base) throws IOException {
        for (String v1 : new String[] {"cpu", "memory", "pids"}) {
            Files.createDirectories(base.resolve(v1));
        }
        Path unified = Files.createDirectories(base.resolve("unified"));
        Files.writeString(unified.resolve("cgroup.controllers"), "\n");
        Files.writeString(unified.resolve("cgroup.subtree_control"), "");
        Files.writeString(unified.resolve("cgroup.procs"), "1\n");
        return unified;
    }

    /** Reads a sample file from src/test/resources/samples. */
    public static String sample(String name) throws IOException {
        try (var in = CgroupRoots.class.getResourceAsStream("/samples/" + name)) {
            if (in == null) {
                throw new IOException("no sample " + name);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}

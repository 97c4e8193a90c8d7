package dev.cortado.cgroups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A {@link CgroupFs} over a {@code @TempDir} that behaves like cgroupfs where tests need it: mkdir
 * creates the core control files (plus the files of the controllers enabled in the parent), rmdir
 * removes the control files but refuses a cgroup with processes, every write is recorded, and a
 * file can be made to fail.
 */
public final class FakeCgroupFs implements CgroupFs {
    /** A recorded write. */
    public record Recorded(Path file, String value) {}

    private final RealCgroupFs real = new RealCgroupFs();
    private final List<Recorded> writes = new ArrayList<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private final Map<String, List<String>> controllerFiles = new HashMap<>();
    private int rmdirFailures;

    /** Makes the next {@code times} writes to files with this name fail. */
    public void failWrites(String fileName, int times) {
        failures.put(fileName, times);
    }

    /** Makes the next {@code times} rmdir calls fail with EBUSY. */
    public void failRmdir(int times) {
        rmdirFailures = times;
    }

    /** Declares the files a controller adds to a child cgroup, with their initial contents as "name=value". */
    public void controllerFiles(String controller, List<String> files) {
        controllerFiles.put(controller, List.copyOf(files));
    }

    /** Returns the writes so far. */
    public List<Recorded> writes() {
        return List.copyOf(writes);
    }

    @Override
    public String read(Path file) throws IOException {
        return real.read(file);
    }

    @Override
    public void write(Path file, String value) throws IOException {
        String name = file.getFileName().toString();
        Integer left = failures.get(name);
        if (left != null && left > 0) {
            failures.put(name, left - 1);
            throw new IOException("Invalid argument");
        }
        if (!Files.exists(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
        writes.add(new Recorded(file, value));
        if (name.equals("cgroup.subtree_control")) {
            // The kernel takes "+memory -cpu" and shows the resulting set.
            java.util.Set<String> set = new java.util.LinkedHashSet<>(Controllers.parse(Files.readString(file)));
            for (String op : value.trim().split("\\s+")) {
                if (op.startsWith("+")) {
                    set.add(op.substring(1));
                } else if (op.startsWith("-")) {
                    set.remove(op.substring(1));
                }
            }
            Files.writeString(file, String.join(" ", set) + "\n");
            return;
        }
        Files.writeString(file, value);
    }

    @Override
    public boolean exists(Path path) {
        return real.exists(path);
    }

    @Override
    public boolean isSymlink(Path path) {
        return real.isSymlink(path);
    }

    @Override
    public boolean mkdir(Path dir) throws IOException {
        if (!real.mkdir(dir)) {
            return false;
        }
        Files.writeString(dir.resolve("cgroup.procs"), "");
        Files.writeString(dir.resolve("cgroup.events"), "populated 0\nfrozen 0\n");
        Files.writeString(dir.resolve("cgroup.freeze"), "0\n");
        Files.writeString(dir.resolve("cgroup.subtree_control"), "");
        Files.writeString(dir.resolve("cpu.stat"), "usage_usec 0\nuser_usec 0\nsystem_usec 0\n");
        String enabled = Files.exists(dir.getParent().resolve("cgroup.subtree_control"))
                ? Files.readString(dir.getParent().resolve("cgroup.subtree_control"))
                        .trim()
                : "";
        Files.writeString(dir.resolve("cgroup.controllers"), enabled + "\n");
        for (String c : Controllers.parse(enabled)) {
            for (String f : controllerFiles.getOrDefault(c, List.of())) {
                String[] kv = f.split("=", 2);
                Files.writeString(dir.resolve(kv[0]), kv.length > 1 ? kv[1] + "\n" : "");
            }
        }
        return true;
    }

    @Override
    public void rmdir(Path dir) throws IOException {
        if (rmdirFailures > 0) {
            rmdirFailures--;
            throw new java.nio.file.FileSystemException(dir.toString(), null, "Device or resource busy");
        }
        Path procs = dir.resolve("cgroup.procs");
        if (Files.exists(procs) && !Files.readString(procs).isBlank()) {
            throw new java.nio.file.FileSystemException(dir.toString(), null, "Device or resource busy");
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                if (Files.isRegularFile(p)) {
                    Files.delete(p);
                }
            }
        }
        Files.delete(dir);
    }

    @Override
    public List<Path> childDirs(Path dir) throws IOException {
        return real.childDirs(dir);
    }

    /** The controller files a pure v2 kernel adds for the common controllers (a subset; real contents). */
    public static FakeCgroupFs withV2ControllerFiles() {
        FakeCgroupFs fs = new FakeCgroupFs();
        fs.controllerFiles("cpu", List.of("cpu.weight=100", "cpu.max=max 100000", "cpu.idle=0"));
        fs.controllerFiles("cpuset", List.of("cpuset.cpus=", "cpuset.mems="));
        fs.controllerFiles(
                "memory",
                List.of(
                        "memory.max=max",
                        "memory.low=0",
                        "memory.high=max",
                        "memory.swap.max=max",
                        "memory.oom.group=0",
                        "memory.current=0",
                        "memory.events=low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\noom_group_kill 0",
                        "memory.stat=anon 0\nfile 0\ninactive_file 0"));
        fs.controllerFiles("pids", List.of("pids.max=max", "pids.current=0"));
        fs.controllerFiles("io", List.of("io.max=", "io.weight=default 100"));
        fs.controllerFiles("hugetlb", List.of("hugetlb.2MB.max=max", "hugetlb.2MB.current=0"));
        return fs;
    }
}

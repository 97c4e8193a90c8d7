package dev.cortado.cri.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A test's OCI bundle {@code <dir>/<id>} (named after the task, as runc's shim {@code delete}
 * expects): a minimal config.json (pid, ipc, uts and mount namespaces; no oomScoreAdj, which
 * root here may not lower) and a busybox-static root, either in {@code rootfs} or, for a task
 * whose shim mounts it, in {@code rootfs-src} next to an empty {@code rootfs}.
 */
final class ShimBundle {
    static final Path BUSYBOX = Path.of("/usr/bin/busybox");
    private static final List<String> APPLETS = List.of("sh", "echo", "sleep", "cat", "true", "test", "[");

    private ShimBundle() {}

    static Path write(Path dir, String id, List<String> args, Map<String, String> annotations, boolean mountedRoot)
            throws IOException {
        Path bundle = Files.createDirectories(dir.resolve(id));
        Path rootfs = Files.createDirectories(bundle.resolve("rootfs"));
        Path tree = mountedRoot ? Files.createDirectories(dir.resolve(id + "-rootfs-src")) : rootfs;
        for (String d : List.of("bin", "dev", "proc", "sys", "tmp", "etc")) {
            Files.createDirectories(tree.resolve(d));
        }
        Files.copy(BUSYBOX, tree.resolve("bin/busybox"));
        for (String applet : APPLETS) {
            Files.createSymbolicLink(tree.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        String notes = annotations.entrySet().stream()
                .map(e -> json(e.getKey()) + ":" + json(e.getValue()))
                .collect(Collectors.joining(","));
        Files.writeString(bundle.resolve("config.json"), """
                {
                  "ociVersion": "1.0.2",
                  "process": %s,
                  "root": {"path": "rootfs", "readonly": false},
                  "hostname": "ctr-tasks",
                  "annotations": {%s},
                  "mounts": [
                    {"destination": "/proc", "type": "proc", "source": "proc"},
                    {"destination": "/dev", "type": "tmpfs", "source": "tmpfs",
                     "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]}
                  ],
                  "linux": {
                    "namespaces": [{"type": "pid"}, {"type": "ipc"}, {"type": "uts"}, {"type": "mount"}]
                  }
                }
                """.formatted(process(args), notes));
        return bundle;
    }

    /** The tree a shim-mounted root is bound from. */
    static Path rootSource(Path dir, String id) {
        return dir.resolve(id + "-rootfs-src");
    }

    /** An OCI process object (init or exec). */
    static String process(List<String> args) {
        return "{\"terminal\":false,\"user\":{\"uid\":0,\"gid\":0},\"args\":["
                + args.stream().map(ShimBundle::json).collect(Collectors.joining(","))
                + "],\"env\":[\"PATH=/bin\"],\"cwd\":\"/\",\"noNewPrivileges\":true}";
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

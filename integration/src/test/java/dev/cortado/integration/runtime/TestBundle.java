package dev.cortado.integration.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An OCI bundle for a test: a busybox-static root filesystem and a minimal config.json (pid,
 * ipc, uts and mount namespaces, /proc and /dev, no oomScoreAdj: root here lacks
 * CAP_SYS_RESOURCE).
 */
final class TestBundle {
    static final Path BUSYBOX = Path.of("/usr/bin/busybox");
    private static final List<String> APPLETS = List.of("sh", "echo", "sleep", "cat", "true", "test", "[");

    private TestBundle() {}

    /** Writes the bundle under {@code dir}; {@code cgroupsPath} may be null (the runtime's default). */
    static Path write(Path dir, List<String> args, String cgroupsPath) throws IOException {
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        for (String d : List.of("bin", "dev", "proc", "sys", "tmp", "etc")) {
            Files.createDirectories(rootfs.resolve(d));
        }
        Files.copy(BUSYBOX, rootfs.resolve("bin/busybox"));
        for (String applet : APPLETS) {
            Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        String argv = args.stream().map(TestBundle::json).collect(Collectors.joining(","));
        String cgroups = cgroupsPath == null ? "" : "\"cgroupsPath\": " + json(cgroupsPath) + ",";
        Files.writeString(dir.resolve("config.json"), """
                {
                  "ociVersion": "1.0.2",
                  "process": {
                    "terminal": false,
                    "user": {"uid": 0, "gid": 0},
                    "args": [%s],
                    "env": ["PATH=/bin"],
                    "cwd": "/",
                    "noNewPrivileges": true
                  },
                  "root": {"path": "rootfs", "readonly": false},
                  "hostname": "shim-client",
                  "mounts": [
                    {"destination": "/proc", "type": "proc", "source": "proc"},
                    {"destination": "/dev", "type": "tmpfs", "source": "tmpfs",
                     "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]}
                  ],
                  "linux": {
                    %s
                    "namespaces": [{"type": "pid"}, {"type": "ipc"}, {"type": "uts"}, {"type": "mount"}]
                  }
                }
                """.formatted(argv, cgroups));
        return dir;
    }

    /** An OCI process object for an exec. */
    static String process(List<String> args) {
        return "{\"terminal\":false,\"user\":{\"uid\":0,\"gid\":0},\"args\":["
                + args.stream().map(TestBundle::json).collect(Collectors.joining(","))
                + "],\"env\":[\"PATH=/bin\"],\"cwd\":\"/\"}";
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

package dev.cortado.shim.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Builds a minimal root filesystem from the host's busybox-static for privileged tests. */
final class BusyboxRootfs {
    static final Path BUSYBOX = Path.of("/usr/bin/busybox");
    private static final List<String> APPLETS = List.of(
            "sh",
            "cat",
            "echo",
            "id",
            "ls",
            "pwd",
            "mknod",
            "dd",
            "unshare",
            "grep",
            "sleep",
            "touch",
            "readlink",
            "stat",
            "hostname",
            "head",
            "test",
            "true",
            "false",
            "kill",
            "mount",
            "wc",
            "mkdir",
            "sysctl",
            "ps",
            "tr");

    private BusyboxRootfs() {}

    /** Creates {@code dir/rootfs} with busybox, its applet links and empty mount points. */
    static Path create(Path dir) throws IOException {
        Path root = dir.resolve("rootfs");
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.copy(BUSYBOX, bin.resolve("busybox"));
        for (String applet : APPLETS) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        for (String d : List.of("proc", "sys", "dev", "tmp", "etc", "root")) {
            Files.createDirectories(root.resolve(d));
        }
        return root;
    }
}

package dev.cortado.shim.task;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The production {@link RootfsMounter}: util-linux {@code mount}/{@code umount}, which parse
 * mount options exactly as containerd's {@code mount.All} does for overlay and bind mounts.
 * (A JNA mount in shim.linux can replace it; this keeps the JVM free of mount flag parsing.)
 */
public final class MountCommand implements RootfsMounter {

    @Override
    public void mount(List<RootfsMount> mounts, Path target) {
        for (RootfsMount m : mounts) {
            List<String> cmd = new ArrayList<>(List.of("mount", "-t", m.type().isEmpty() ? "none" : m.type()));
            if (!m.options().isEmpty()) {
                cmd.addAll(List.of("-o", String.join(",", m.options())));
            }
            cmd.addAll(List.of(m.source(), target.toString()));
            run(cmd, "mount " + m.type() + " on " + target);
        }
    }

    @Override
    public void unmount(Path target) {
        // umount -R of something not mounted fails; that is the idempotent case
        if (isMountPoint(target)) {
            run(List.of("umount", "-R", target.toString()), "unmount " + target);
        }
    }

    private static boolean isMountPoint(Path target) {
        try {
            String t = target.toRealPath().toString();
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .map(l -> l.split(" ")[4]).anyMatch(t::equals);
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(List<String> cmd, String what) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                throw new CortadoException(ErrorKind.FAILED_PRECONDITION, what + ": " + out);
            }
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.INTERNAL, what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CortadoException(ErrorKind.UNAVAILABLE, what + " interrupted", e);
        }
    }
}

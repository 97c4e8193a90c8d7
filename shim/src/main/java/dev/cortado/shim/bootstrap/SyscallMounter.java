package dev.cortado.shim.bootstrap;

import dev.cortado.shim.launch.MountFlags;
import dev.cortado.shim.linux.LinuxSyscalls;
import dev.cortado.shim.task.RootfsMount;
import dev.cortado.shim.task.RootfsMounter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link RootfsMounter}: mount(2) and umount2(2) through {@link LinuxSyscalls},
 * the options split as containerd's {@code mount.All} (and util-linux) split them: known names
 * become MS_* flags, propagation is a second call, a read-only bind a remount, and every other
 * option (overlay's {@code lowerdir=...}) is the filesystem's data string ({@link MountFlags}).
 */
public final class SyscallMounter implements RootfsMounter {
    private static final Logger LOG = LoggerFactory.getLogger(SyscallMounter.class);
    private static final long MS_RDONLY = 1;
    private static final long MS_REMOUNT = 32;
    private final LinuxSyscalls sys;
    private final Path mountinfo;

    public SyscallMounter(LinuxSyscalls sys) {
        this(sys, Path.of("/proc/self/mountinfo"));
    }

    SyscallMounter(LinuxSyscalls sys, Path mountinfo) {
        this.sys = sys;
        this.mountinfo = mountinfo;
    }

    @Override
    public void mount(List<RootfsMount> mounts, Path target) {
        boolean any = false;
        try {
            for (RootfsMount m : mounts) {
                MountFlags f = MountFlags.parse(m.type(), m.options());
                sys.mount(m.source(), target.toString(), m.type().isEmpty() ? "none" : m.type(), f.flags(), f.data());
                any = true;
                if (f.propagation() != 0) {
                    sys.mount("", target.toString(), "", f.propagation(), "");
                }
                if (f.bind() && (f.flags() & MS_RDONLY) != 0) {
                    // the kernel ignores MS_RDONLY on the bind itself (containerd remounts too)
                    sys.mount("", target.toString(), "", f.flags() | MS_REMOUNT, "");
                }
            }
        } catch (RuntimeException e) {
            if (any) {
                try {
                    unmount(target); // what this call mounted goes
                } catch (RuntimeException undo) {
                    e.addSuppressed(undo);
                }
            }
            throw e;
        }
    }

    @Override
    public void unmount(Path target) {
        // as umount -R: every mount at or below the target, deepest (and latest) first
        for (String point : mountsAtOrBelow(target)) {
            if (!sys.unmount(point, 0)) {
                LOG.debug("{} was not mounted any more", point);
            }
        }
    }

    private List<String> mountsAtOrBelow(Path target) {
        String t;
        List<String> lines;
        try {
            t = target.toRealPath().toString();
            lines = Files.readAllLines(mountinfo);
        } catch (IOException e) {
            return List.of(); // no target: nothing mounted there
        }
        List<String> points = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.split(" ");
            if (fields.length > 4) {
                String point = unescape(fields[4]);
                if (point.equals(t) || point.startsWith(t.endsWith("/") ? t : t + "/")) {
                    points.add(point);
                }
            }
        }
        List<String> ordered = new ArrayList<>(points);
        java.util.Collections.reverse(ordered); // later mounts first among equals
        ordered.sort(Comparator.comparingInt(String::length).reversed());
        return ordered;
    }

    /** Undoes mountinfo's octal escapes (space, tab, newline, backslash). */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\'
                    && i + 3 < field.length() + 0
                    && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

package dev.cortado.shim.checkpoint;

import dev.cortado.shim.spec.LinuxSpec;
import dev.cortado.shim.spec.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The {@code criu dump} command line for a task, with runc's choices
 * ({@code libcontainer/container_linux.go} {@code Checkpoint}): cgroups managed by criu; every bind
 * mount and device node an external mount mapped to itself ({@code addCriuDumpMount}), since
 * their sources are outside the container; every masked path that is a file mapped to
 * {@code /dev/null} ({@code addMaskPaths}); a network or pid namespace the task joined by path
 * an external namespace {@code net[<inode>]:extRootNetNS} ({@code handleCheckpointingExternalNamespaces}),
 * which a restore must provide. Pure: the inode lookup and the masked-file test are injected.
 */
public final class DumpArguments {
    /** The log criu writes in its work dir (CRI-O and containerd name it so too). */
    public static final String DUMP_LOG = "dump.log";

    private DumpArguments() {}

    /**
     * @param inode a namespace path's inode, empty when it cannot be read
     * @param isMaskedFile whether a masked path is a file inside the task's root (directories are masked by a tmpfs, which criu dumps)
     */
    public static List<String> of(
            int pid,
            Spec spec,
            Path images,
            Path work,
            CheckpointSettings s,
            Function<String, OptionalLong> inode,
            Predicate<String> isMaskedFile) {
        return of(pid, spec, images, work, s, inode, isMaskedFile, Optional.empty());
    }

    /**
     * As {@link #of(int, Spec, Path, Path, CheckpointSettings, Function, Predicate)}, for a task
     * whose cgroup {@code frozen} is frozen (paused; containerd pauses a task before its
     * checkpoint): criu collects the tree through that freezer ({@code --freeze-cgroup}, as runc's
     * {@code FreezeCgroup}) and leaves it frozen. Without it criu would ptrace-interrupt frozen
     * tasks that never stop, and wait until its own timeout.
     */
    public static List<String> of(
            int pid,
            Spec spec,
            Path images,
            Path work,
            CheckpointSettings s,
            Function<String, OptionalLong> inode,
            Predicate<String> isMaskedFile,
            Optional<Path> frozen) {
        List<String> a = new ArrayList<>(List.of(
                "dump",
                "--tree",
                Integer.toString(pid),
                "--images-dir",
                images.toString(),
                "--work-dir",
                work.toString(),
                "--log-file",
                DUMP_LOG,
                "-v4",
                "--manage-cgroups"));
        if (!s.exit()) {
            a.add("--leave-running");
        }
        frozen.ifPresent(dir -> {
            a.add("--freeze-cgroup");
            a.add(dir.toString());
        });
        flag(a, s.openTcp(), "--tcp-established");
        flag(a, s.externalUnixSockets(), "--ext-unix-sk");
        flag(a, s.terminal(), "--shell-job");
        flag(a, s.fileLocks(), "--file-locks");
        for (String ns : s.emptyNamespaces()) {
            a.add("--empty-ns");
            a.add(ns);
        }
        for (Spec.Mount m : spec.mounts()) {
            if (isBind(m)) {
                extMount(a, m.destination(), m.destination());
            }
        }
        for (LinuxSpec.Device d : spec.linux().devices()) {
            extMount(a, d.path(), d.path());
        }
        for (String masked : spec.linux().maskedPaths()) {
            if (isMaskedFile.test(masked)) {
                extMount(a, masked, "/dev/null");
            }
        }
        for (LinuxSpec.Namespace ns : spec.linux().namespaces()) {
            String key = switch (ns.type()) {
                case "network" -> "net";
                case "pid" -> "pid";
                default -> null;
            };
            if (key != null && ns.path() != null && !ns.path().isEmpty()) {
                OptionalLong ino = inode.apply(ns.path());
                if (ino.isPresent()) {
                    a.add("--external");
                    a.add(key + "[" + ino.getAsLong() + "]:extRoot" + Character.toUpperCase(key.charAt(0))
                            + key.substring(1) + "NS");
                }
            }
        }
        return List.copyOf(a);
    }

    /** runc's test: a mount whose options say bind or rbind (its device is "bind"). */
    static boolean isBind(Spec.Mount m) {
        return m.type().equals("bind")
                || m.options().contains("bind")
                || m.options().contains("rbind");
    }

    private static void extMount(List<String> a, String key, String value) {
        a.add("--ext-mount-map");
        a.add(key + ":" + value);
    }

    private static void flag(List<String> a, boolean on, String flag) {
        if (on) {
            a.add(flag);
        }
    }
}

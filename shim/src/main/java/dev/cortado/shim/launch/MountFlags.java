package dev.cortado.shim.launch;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * OCI mount options turned into mount(2) flags, a propagation change and fs data, so that
 * cortado-init parses no option strings.
 *
 * @param flags MS_* flags for the mount itself (MS_BIND, MS_REC, MS_RDONLY, ...)
 * @param propagation MS_PRIVATE/MS_SLAVE/MS_SHARED/MS_UNBINDABLE (with MS_REC), or 0
 * @param data comma-separated options passed to the filesystem
 */
public record MountFlags(long flags, long propagation, String data) {
    static final long MS_RDONLY = 1;
    static final long MS_BIND = 4096;
    static final long MS_REC = 16384;
    private static final Map<String, Long> SET = Map.ofEntries(
            Map.entry("ro", MS_RDONLY),
            Map.entry("nosuid", 2L),
            Map.entry("nodev", 4L),
            Map.entry("noexec", 8L),
            Map.entry("sync", 16L),
            Map.entry("mand", 64L),
            Map.entry("dirsync", 128L),
            Map.entry("noatime", 1024L),
            Map.entry("nodiratime", 2048L),
            Map.entry("bind", MS_BIND),
            Map.entry("rbind", MS_BIND | MS_REC),
            Map.entry("relatime", 1L << 21),
            Map.entry("strictatime", 1L << 24),
            Map.entry("silent", 32768L));
    private static final Map<String, Long> CLEAR = Map.of(
            "rw",
            MS_RDONLY,
            "suid",
            2L,
            "dev",
            4L,
            "exec",
            8L,
            "async",
            16L,
            "atime",
            1024L,
            "diratime",
            2048L,
            "norelatime",
            1L << 21,
            "nostrictatime",
            1L << 24,
            "defaults",
            0L);
    private static final Map<String, Long> PROPAGATION = Map.of(
            "private",
            1L << 18,
            "rprivate",
            (1L << 18) | MS_REC,
            "slave",
            1L << 19,
            "rslave",
            (1L << 19) | MS_REC,
            "shared",
            1L << 20,
            "rshared",
            (1L << 20) | MS_REC,
            "unbindable",
            1L << 17,
            "runbindable",
            (1L << 17) | MS_REC);
    /** Options that need mount_setattr or idmapped mounts, which cortado-init does not do yet. */
    private static final List<String> UNSUPPORTED = List.of("rro", "rrw", "idmap", "ridmap", "tmpcopyup");

    /**
     * The option names this class turns into flags or propagation: the OCI features'
     * {@code mountOptions}. Any other option is passed to the filesystem as data.
     */
    public static SortedSet<String> recognized() {
        SortedSet<String> names = new TreeSet<>(SET.keySet());
        names.addAll(CLEAR.keySet());
        names.addAll(PROPAGATION.keySet());
        return Collections.unmodifiableSortedSet(names);
    }

    /** Parses the options of one mount; {@code type} "bind" implies MS_BIND. */
    public static MountFlags parse(String type, List<String> options) {
        long flags = "bind".equals(type) ? MS_BIND : 0;
        long propagation = 0;
        List<String> data = new ArrayList<>();
        for (String option : options) {
            if (UNSUPPORTED.contains(option)) {
                throw new CortadoException(ErrorKind.INVALID_ARGUMENT, "unsupported mount option " + option);
            } else if (SET.containsKey(option)) {
                flags |= SET.get(option);
            } else if (CLEAR.containsKey(option)) {
                flags &= ~CLEAR.get(option);
            } else if (PROPAGATION.containsKey(option)) {
                propagation = PROPAGATION.get(option);
            } else {
                if (option.contains(",") || option.contains("\n")) {
                    throw new CortadoException(ErrorKind.INVALID_ARGUMENT, "bad mount option " + option);
                }
                data.add(option);
            }
        }
        return new MountFlags(flags, propagation, String.join(",", data));
    }

    /** The propagation flags for {@code linux.rootfsPropagation}; rslave when unset. */
    public static long rootPropagation(String name) {
        if (name == null || name.isEmpty()) {
            return PROPAGATION.get("rslave");
        }
        Long p = PROPAGATION.get(name);
        if (p == null) {
            throw new CortadoException(ErrorKind.INVALID_ARGUMENT, "bad rootfsPropagation " + name);
        }
        return p;
    }

    /** Whether the mount is a bind mount. */
    public boolean bind() {
        return (flags & MS_BIND) != 0;
    }
}

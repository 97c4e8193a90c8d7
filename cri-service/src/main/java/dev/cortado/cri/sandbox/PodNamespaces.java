package dev.cortado.cri.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a pod's namespaces are pinned; an empty path means the host's namespace is used.
 *
 * @param initPid the host pid of the pod's PID-namespace init (pid 1 there), 0 when the pod does
 *     not share a PID namespace of its own
 * @param initStartTime the init's start time in clock ticks since boot ({@code /proc/PID/stat}
 *     field 22), so a recycled pid is never signalled
 */
public record PodNamespaces(String net, String ipc, String uts, String pid, long initPid, long initStartTime) {
    /** Every namespace the host's. */
    public static final PodNamespaces HOST = new PodNamespaces("", "", "", "", 0, 0);

    public PodNamespaces {
        net = Objects.requireNonNullElse(net, "");
        ipc = Objects.requireNonNullElse(ipc, "");
        uts = Objects.requireNonNullElse(uts, "");
        pid = Objects.requireNonNullElse(pid, "");
    }

    /** This with the PID namespace of an init process. */
    public PodNamespaces withPid(String pidPath, long pid, long startTime) {
        return new PodNamespaces(net, ipc, uts, pidPath, pid, startTime);
    }

    /** The pinned files (bind mounts), in pinning order. */
    public List<Path> pins() {
        List<Path> pins = new ArrayList<>();
        for (String path : List.of(net, ipc, uts, pid)) {
            if (!path.isEmpty()) {
                pins.add(Path.of(path));
            }
        }
        return pins;
    }
}

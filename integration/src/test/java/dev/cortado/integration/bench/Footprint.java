package dev.cortado.integration.bench;

import dev.cortado.api.cri.v1.Container;
import dev.cortado.api.cri.v1.ContainerFilter;
import dev.cortado.integration.containers.ContainerdRuntime;
import dev.cortado.integration.containers.CortadoRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The memory of every process of one runtime, by role, from {@code /proc/<pid>/smaps_rollup}.
 * Cortado: {@code daemon} (the JVM), {@code shim server} (the JVM) and {@code shim relay},
 * {@code monitors} (a cortado-init per container, found by the container id it is named after,
 * as it detaches from the server), {@code daemon children} (e.g. pod PID
 * namespace inits). containerd: {@code daemon}, {@code runc shims} (one per pod, found by their
 * {@code -address}), {@code pause} (the pod's sandbox container, here busybox sleep) and
 * {@code daemon children}. The workload (the containers' own processes) is not the runtime's and
 * is left out.
 *
 * @param roles per role, its processes' pids, RSS and PSS in KiB
 */
record Footprint(Map<String, Usage> roles) {
    /** Summed memory of a role's processes. */
    record Usage(int count, long rssKib, long pssKib) {
        Usage plus(Usage o) {
            return new Usage(count + o.count, rssKib + o.rssKib, pssKib + o.pssKib);
        }
    }

    /** The argument the pause container of {@code ContainerdCri} sleeps for. */
    static final String PAUSE_ARG = "2147483647";

    static Footprint of(Side side) throws IOException {
        ProcessTable table = ProcessTable.read();
        Map<String, List<Long>> pids = new LinkedHashMap<>();
        if (side.runtime() instanceof CortadoRuntime cortado) {
            long daemon = cortado.daemonPid();
            pids.put("daemon", List.of(daemon));
            pids.put(
                    "daemon children",
                    table.descendants(daemon).stream()
                            .map(ProcessTable.Proc::pid)
                            .toList());
            Path ready = cortado.shimRoot().resolve("ready");
            List<Long> server = new ArrayList<>();
            List<Long> relay = new ArrayList<>();
            List<Long> monitors = new ArrayList<>();
            if (Files.exists(ready)) {
                long pid = Long.parseLong(Files.readString(ready).trim().split("\\s+")[0]);
                ProcessTable.Proc proc = table.get(pid);
                if (proc != null) {
                    server.add(pid);
                    ProcessTable.Proc parent = table.get(proc.ppid());
                    if (parent != null && parent.argvContains("relay")) {
                        relay.add(parent.pid());
                    }
                }
            }
            // a monitor detaches (fork + setsid) and names its task: the container's id
            Set<String> ids = side.cri().listContainers(ContainerFilter.getDefaultInstance()).stream()
                    .map(Container::getId)
                    .collect(Collectors.toSet());
            table.all().stream()
                    .filter(p -> p.argv0().endsWith("cortado-init")
                            && p.argv().size() > 1
                            && ids.contains(p.argv().get(1)))
                    .forEach(p -> monitors.add(p.pid()));
            pids.put("shim server", server);
            pids.put("shim relay", relay);
            pids.put("monitors", monitors);
        } else if (side.runtime() instanceof ContainerdRuntime containerd) {
            long daemon = containerd.pid();
            pids.put("daemon", List.of(daemon));
            pids.put(
                    "daemon children",
                    table.descendants(daemon).stream()
                            .map(ProcessTable.Proc::pid)
                            .toList());
            String address = containerd.socket().toString();
            List<ProcessTable.Proc> shims = table.all().stream()
                    .filter(p -> p.argv0().contains("containerd-shim-runc-v2")
                            && p.argv().contains(address))
                    .toList();
            pids.put("runc shims", shims.stream().map(ProcessTable.Proc::pid).toList());
            pids.put(
                    "pause",
                    shims.stream()
                            .flatMap(s -> table.children(s.pid()).stream())
                            .filter(p -> p.argv().contains(PAUSE_ARG))
                            .map(ProcessTable.Proc::pid)
                            .toList());
        } else {
            throw new IllegalArgumentException(
                    "no process roles known for " + side.runtime().name());
        }
        Map<String, Usage> roles = new LinkedHashMap<>();
        for (Map.Entry<String, List<Long>> e : pids.entrySet()) {
            Usage sum = new Usage(0, 0, 0);
            for (long pid : e.getValue()) {
                sum = sum.plus(usage(pid));
            }
            roles.put(e.getKey(), sum);
        }
        return new Footprint(roles);
    }

    /** The RSS and PSS of one process; nothing when it exited meanwhile. */
    private static Usage usage(long pid) {
        try {
            long rss = 0;
            long pss = 0;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
                if (line.startsWith("Rss:")) {
                    rss = kib(line);
                } else if (line.startsWith("Pss:")) {
                    pss = kib(line);
                }
            }
            return new Usage(1, rss, pss);
        } catch (IOException gone) {
            return new Usage(0, 0, 0);
        }
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    Usage role(String role) {
        return roles.getOrDefault(role, new Usage(0, 0, 0));
    }

    /** The runtime's processes other than the daemon: shims, relays, servers. */
    Usage shims() {
        return role("shim server").plus(role("shim relay")).plus(role("runc shims"));
    }

    /** The processes a runtime keeps per pod or container: monitors, pause, daemon children. */
    Usage perPod() {
        return role("monitors").plus(role("pause")).plus(role("daemon children"));
    }

    Usage total() {
        return roles.values().stream().reduce(new Usage(0, 0, 0), Usage::plus);
    }

    /** One line: every role with its count, RSS and PSS in MiB. */
    String describe() {
        StringBuilder out = new StringBuilder();
        roles.forEach((role, u) -> out.append(String.format(
                Locale.ROOT,
                "%s %d proc RSS %.1f PSS %.1f MiB; ",
                role,
                u.count(),
                u.rssKib() / 1024.0,
                u.pssKib() / 1024.0)));
        return out.toString().trim();
    }
}

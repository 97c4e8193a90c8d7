package dev.cortado.integration.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a process's sockets are, for a failure message: each socket fd looked up by inode in the
 * process's {@code /proc/PID/net/{tcp,tcp6,unix}} and counted by kind, TCP state and local port
 * (a server socket left in CLOSE_WAIT is a peer that went while the server stopped reading).
 */
final class SocketStates {
    private static final String[] TCP_STATES = {
        "?",
        "ESTABLISHED",
        "SYN_SENT",
        "SYN_RECV",
        "FIN_WAIT1",
        "FIN_WAIT2",
        "TIME_WAIT",
        "CLOSE",
        "CLOSE_WAIT",
        "LAST_ACK",
        "LISTEN",
        "CLOSING"
    };

    private SocketStates() {}

    static String of(long pid) {
        try {
            Map<String, String> byInode = new HashMap<>();
            for (String table : List.of("tcp", "tcp6")) {
                for (String line : lines(pid, table)) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && !f[0].equals("sl")) {
                        int state = Integer.parseInt(f[3], 16);
                        String local = f[1].substring(f[1].indexOf(':') + 1);
                        byInode.put(
                                f[9],
                                table + " :" + Integer.parseInt(local, 16) + " "
                                        + (state < TCP_STATES.length ? TCP_STATES[state] : f[3]));
                    }
                }
            }
            for (String line : lines(pid, "unix")) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 6 && !f[0].equals("Num")) {
                    byInode.put(f[6], "unix " + (f.length > 7 ? f[7] : "(unnamed)"));
                }
            }
            Map<String, Integer> counts = new TreeMap<>();
            try (var fds = Files.newDirectoryStream(Path.of("/proc/" + pid + "/fd"))) {
                for (Path fd : fds) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) {
                            String inode = target.substring(8, target.length() - 1);
                            counts.merge(byInode.getOrDefault(inode, "other"), 1, Integer::sum);
                        }
                    } catch (IOException closedMeanwhile) {
                        // closed while we listed
                    }
                }
            }
            return counts.toString();
        } catch (IOException | RuntimeException e) {
            return "(unknown: " + e + ")";
        }
    }

    /** What each of a process's fds points at ("fd -> target"). */
    static java.util.Set<String> fdTargets(long pid) {
        java.util.Set<String> targets = new java.util.TreeSet<>();
        try (var fds = Files.newDirectoryStream(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : fds) {
                try {
                    targets.add(fd.getFileName() + " -> " + Files.readSymbolicLink(fd));
                } catch (IOException closedMeanwhile) {
                    // closed while we listed
                }
            }
        } catch (IOException e) {
            targets.add("(unknown: " + e + ")");
        }
        return targets;
    }

    /** The fds of {@code pid} that were not open as {@code before}. */
    static java.util.Set<String> newFds(long pid, java.util.Set<String> before) {
        java.util.Set<String> now = fdTargets(pid);
        now.removeAll(before);
        return now;
    }

    /**
     * The stacks of a JVM's threads whose name contains one of {@code names}, from the JDK's
     * {@code jcmd Thread.print} (a blocked event loop shows here), or why not.
     */
    static String threads(long pid, String... names) {
        try {
            Path jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow())
                    .resolveSibling("jcmd");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print")
                    .redirectErrorStream(true)
                    .start();
            String dump = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            StringBuilder out = new StringBuilder();
            for (String thread : dump.split("\n\n")) {
                String first = thread.lines().findFirst().orElse("");
                for (String name : names) {
                    if (first.contains(name)) {
                        out.append(thread).append("\n\n");
                        break;
                    }
                }
            }
            return out.toString();
        } catch (IOException | RuntimeException e) {
            return "(no thread dump: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(no thread dump: interrupted)";
        }
    }

    private static List<String> lines(long pid, String table) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/net/" + table));
    }
}

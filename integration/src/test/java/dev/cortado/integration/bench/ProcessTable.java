package dev.cortado.integration.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of the host's processes from /proc: parent and command line of each; processes that
 * exit while it is read are left out.
 */
final class ProcessTable {
    /** One process: pid, parent pid and argv. */
    record Proc(long pid, long ppid, List<String> argv) {
        boolean argvContains(String part) {
            return argv.stream().anyMatch(a -> a.contains(part));
        }

        String argv0() {
            return argv.isEmpty() ? "" : argv.get(0);
        }
    }

    private final Map<Long, Proc> byPid = new HashMap<>();

    static ProcessTable read() throws IOException {
        ProcessTable table = new ProcessTable();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(
                Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path dir : dirs) {
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    long ppid = Long.parseLong(
                            stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
                    String cmdline = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8);
                    List<String> argv = cmdline.isEmpty() ? List.of() : List.of(cmdline.split("\0"));
                    long pid = Long.parseLong(dir.getFileName().toString());
                    table.byPid.put(pid, new Proc(pid, ppid, argv));
                } catch (IOException | RuntimeException gone) {
                    // exited meanwhile (or a kernel thread without a readable stat): not ours
                }
            }
        }
        return table;
    }

    Proc get(long pid) {
        return byPid.get(pid);
    }

    List<Proc> children(long pid) {
        return byPid.values().stream().filter(p -> p.ppid() == pid).toList();
    }

    /** Every process under {@code pid}, at any depth. */
    List<Proc> descendants(long pid) {
        List<Proc> out = new ArrayList<>();
        for (Proc child : children(pid)) {
            out.add(child);
            out.addAll(descendants(child.pid()));
        }
        return out;
    }

    List<Proc> all() {
        return List.copyOf(byPid.values());
    }
}

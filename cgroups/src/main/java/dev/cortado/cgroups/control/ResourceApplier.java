package dev.cortado.cgroups.control;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.CgroupException.Reason;
import dev.cortado.cgroups.CgroupFs;
import dev.cortado.cgroups.controller.Write;
import dev.cortado.cgroups.controller.WritePlan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Applies a {@link WritePlan} to one cgroup all-or-nothing: before each write it saves the file's
 * previous content; when a write fails, the earlier ones are restored (newest first) and the error
 * names the failed write and anything that could not be restored.
 */
final class ResourceApplier {
    private final CgroupFs fs;

    ResourceApplier(CgroupFs fs) {
        this.fs = fs;
    }

    void apply(Path dir, WritePlan plan, String mode) {
        // First pass: every file must exist, so a missing controller fails before any write.
        for (Write w : plan.writes()) {
            if (!w.skipIfMissing() && !fs.exists(dir.resolve(w.file()))) {
                throw new CgroupException(
                        Reason.UNSUPPORTED,
                        "cannot set " + w.file() + " on " + dir + ": the " + w.controller()
                                + " controller is not enabled for this cgroup (cgroup mode " + mode + ")");
            }
        }
        Deque<Saved> done = new ArrayDeque<>();
        for (Write w : plan.writes()) {
            Path file = dir.resolve(w.file());
            if (w.skipIfMissing() && !fs.exists(file)) {
                continue;
            }
            String before = Files2.readIfExists(fs, file);
            try {
                fs.write(file, w.value());
                done.push(new Saved(file, before, w.value()));
            } catch (IOException e) {
                List<String> notRestored = rollback(done);
                throw new CgroupException(
                        Reason.IO,
                        "cannot write \"" + w.value() + "\" to " + file + ": " + e.getMessage()
                                + "; "
                                + (notRestored.isEmpty()
                                        ? "restored " + done.size() + " earlier writes"
                                        : "could not restore " + String.join(", ", notRestored)),
                        e);
            }
        }
    }

    private List<String> rollback(Deque<Saved> done) {
        List<String> failed = new ArrayList<>();
        for (Saved s : done) {
            if (s.before == null) {
                continue;
            }
            // Multi-line files (io.max, io.weight, rdma.max) take one line per write, and each line as
            // read back is a valid write; single-value files take the content as is.
            for (String line : undo(s)) {
                try {
                    fs.write(s.file, line);
                } catch (IOException e) {
                    failed.add(s.file.getFileName() + " (" + e.getMessage() + ")");
                }
            }
        }
        return failed;
    }

    /** Lines that undo one write: the previous lines, and for a device new to io.max its "max" line. */
    private static List<String> undo(Saved s) {
        List<String> lines = new ArrayList<>();
        for (String line : s.before.split("\n")) {
            if (!line.isBlank() || s.before.isBlank()) {
                lines.add(line);
            }
        }
        if (s.file.getFileName().toString().equals("io.max")) {
            String device = s.written.split(" ", 2)[0];
            if (lines.stream().noneMatch(l -> l.startsWith(device + " "))) {
                lines.add(device + " rbps=max wbps=max riops=max wiops=max");
            }
        }
        return lines;
    }

    private record Saved(Path file, String before, String written) {}
}

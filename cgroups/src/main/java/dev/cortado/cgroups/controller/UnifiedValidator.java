package dev.cortado.cgroups.controller;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.CgroupException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates the CRI/OCI {@code unified} map and turns it into verbatim writes: every key must be a
 * plain file name of the form {@code controller.parameter} (no path separators, no "..") and the
 * controller must be one the cgroup has, following runc's {@code checkUnified}/{@code setUnified}.
 */
public final class UnifiedValidator {
    /** Core files that would move processes or change the tree instead of setting a limit. */
    private static final Set<String> FORBIDDEN = Set.of(
            "cgroup.procs", "cgroup.threads", "cgroup.subtree_control", "cgroup.kill", "cgroup.freeze", "cgroup.type");

    private UnifiedValidator() {}

    /**
     * Returns one write per entry, or throws INVALID_ARGUMENT for a malformed key or value and
     * UNSUPPORTED for a controller the cgroup does not have.
     *
     * @param unified the map as received
     * @param controllers the controllers available to the cgroup
     * @param mode the cgroup mode, for error messages
     */
    public static List<Write> writes(Map<String, String> unified, Set<String> controllers, String mode) {
        List<Write> out = new ArrayList<>();
        for (Map.Entry<String, String> e : unified.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            if (key == null || key.isEmpty() || key.contains("/") || key.contains("\0") || key.contains("..")) {
                throw invalid("unified key \"" + key + "\" must be a file name (no path separators)");
            }
            int dot = key.indexOf('.');
            if (dot < 1 || dot == key.length() - 1) {
                throw invalid("unified key \"" + key + "\" must look like controller.parameter");
            }
            if (value == null || value.contains("\0")) {
                throw invalid("unified value for \"" + key + "\" must not be null or contain NUL");
            }
            String controller = key.substring(0, dot);
            if (controller.equals("cgroup")) {
                if (FORBIDDEN.contains(key)) {
                    throw invalid("unified key \"" + key + "\" is not a limit and may not be set");
                }
            } else if (!controllers.contains(controller)) {
                throw new CgroupException(
                        Reason.UNSUPPORTED,
                        "unified key \"" + key + "\" needs the " + controller
                                + " controller, which is not available in cgroup mode " + mode);
            }
            out.add(Write.of(controller, key, value));
        }
        return List.copyOf(out);
    }

    private static CgroupException invalid(String message) {
        return new CgroupException(Reason.INVALID_ARGUMENT, message);
    }
}

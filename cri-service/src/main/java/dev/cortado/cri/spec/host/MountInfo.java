package dev.cortado.cri.spec.host;

import dev.cortado.cri.spec.HostFacts.Propagation;

/**
 * Reads {@code /proc/self/mountinfo} to find how the mount holding a path propagates: the mount
 * point that is the longest prefix of the path (the last one listed wins among equals, as it is
 * on top), and its optional fields {@code shared:N} / {@code master:N}.
 */
final class MountInfo {
    private MountInfo() {}

    static Propagation propagation(String mountinfo, String path) {
        String best = null;
        Propagation result = Propagation.PRIVATE;
        for (String line : mountinfo.split("\n")) {
            String[] f = line.split(" ");
            if (f.length < 7) {
                continue;
            }
            String mountPoint = unescape(f[4]);
            if (!under(path, mountPoint) || (best != null && mountPoint.length() < best.length())) {
                continue;
            }
            best = mountPoint;
            result = Propagation.PRIVATE;
            for (int i = 6; i < f.length && !f[i].equals("-"); i++) {
                if (f[i].startsWith("shared:")) {
                    result = Propagation.SHARED;
                    break;
                }
                if (f[i].startsWith("master:")) {
                    result = Propagation.SLAVE;
                }
            }
        }
        return result;
    }

    private static boolean under(String path, String mountPoint) {
        return mountPoint.equals("/") || path.equals(mountPoint) || path.startsWith(mountPoint + "/");
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String s) {
        return s.replace("\\040", " ")
                .replace("\\011", "\t")
                .replace("\\012", "\n")
                .replace("\\134", "\\");
    }
}

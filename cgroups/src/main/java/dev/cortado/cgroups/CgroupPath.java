package dev.cortado.cgroups;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A cgroup's path relative to the hierarchy root, as validated segments: never {@code ..},
 * {@code .}, empty, or containing a NUL or newline, so resolving it cannot leave the root.
 *
 * @param segments the directory names from the root down; empty for the root cgroup itself
 */
public record CgroupPath(List<String> segments) {
    private static final int MAX_NAME = 255;

    /** Validates every segment and copies the list. */
    public CgroupPath {
        segments = List.copyOf(segments);
        for (String s : segments) {
            checkSegment(s);
        }
    }

    /** The root cgroup. */
    public static final CgroupPath ROOT = new CgroupPath(List.of());

    /**
     * Parses a slash-separated path such as {@code /kubepods/burstable/pod123}; a leading slash is
     * optional and repeated slashes are collapsed, but {@code .} and {@code ..} are rejected.
     */
    public static CgroupPath parse(String path) {
        if (path == null) {
            throw invalid("cgroup path is null");
        }
        List<String> segs = new ArrayList<>();
        for (String s : path.split("/", -1)) {
            if (!s.isEmpty()) {
                segs.add(s);
            }
        }
        try {
            return new CgroupPath(segs);
        } catch (CgroupException e) {
            throw invalid("invalid cgroup path \"" + path + "\": " + e.getMessage());
        }
    }

    /** Returns this path with one more segment (a child cgroup). */
    public CgroupPath child(String name) {
        List<String> segs = new ArrayList<>(segments);
        segs.add(name);
        return new CgroupPath(segs);
    }

    /** Returns the parent path; the root's parent is the root. */
    public CgroupPath parent() {
        return segments.isEmpty() ? this : new CgroupPath(segments.subList(0, segments.size() - 1));
    }

    /** Returns whether this is the root cgroup. */
    public boolean isRoot() {
        return segments.isEmpty();
    }

    /** Resolves this path under a hierarchy root directory (lexically; see {@code CgroupDirs}). */
    public Path resolve(Path root) {
        Path p = root;
        for (String s : segments) {
            p = p.resolve(s);
        }
        return p;
    }

    @Override
    public String toString() {
        return "/" + String.join("/", segments);
    }

    private static void checkSegment(String s) {
        if (s == null || s.isEmpty()) {
            throw invalid("empty path segment");
        }
        if (s.equals(".") || s.equals("..")) {
            throw invalid("path segment \"" + s + "\" is not allowed");
        }
        if (s.indexOf('/') >= 0 || s.indexOf('\0') >= 0 || s.indexOf('\n') >= 0) {
            throw invalid("path segment \"" + s.replace("\0", "\\0").replace("\n", "\\n")
                    + "\" contains '/', NUL or newline");
        }
        if (s.length() > MAX_NAME) {
            throw invalid("path segment longer than " + MAX_NAME + " characters");
        }
    }

    private static CgroupException invalid(String message) {
        return new CgroupException(CgroupException.Reason.INVALID_ARGUMENT, message);
    }
}

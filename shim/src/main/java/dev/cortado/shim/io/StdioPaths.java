package dev.cortado.shim.io;

/** The stdio of a task process as containerd names it: paths or URIs, empty when absent. */
public record StdioPaths(String stdin, String stdout, String stderr, boolean terminal) {
    /** Absent paths become empty strings. */
    public StdioPaths {
        stdin = stdin == null ? "" : stdin;
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }

    /**
     * Fails with INVALID_ARGUMENT, naming the scheme, when a path uses a scheme that containerd's
     * runc shim does not know either (e.g. {@code binary-v2://}).
     */
    public StdioPaths requireSupported() {
        for (String p : new String[] {stdin, stdout, stderr}) {
            StdioScheme.of(p);
        }
        return this;
    }

    /** No stdio at all. */
    public static StdioPaths none() {
        return new StdioPaths("", "", "", false);
    }
}

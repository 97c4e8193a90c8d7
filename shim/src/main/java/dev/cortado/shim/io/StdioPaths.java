package dev.cortado.shim.io;

/** The stdio of a task process as containerd names it: paths or URIs, empty when absent. */
public record StdioPaths(String stdin, String stdout, String stderr, boolean terminal) {
    /** Absent paths become empty strings. */
    public StdioPaths {
        stdin = stdin == null ? "" : stdin;
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }

    /** Fails with UNIMPLEMENTED when a path uses a scheme this shim cannot serve (binary-v2://). */
    public StdioPaths requireSupported() {
        for (String p : new String[] {stdin, stdout, stderr}) {
            StdioTarget.rejectUnsupported(p);
        }
        return this;
    }

    /** No stdio at all. */
    public static StdioPaths none() {
        return new StdioPaths("", "", "", false);
    }
}

package dev.cortado.cri.container;

/**
 * What ExecSync returns: the output (each capped, see {@link Containers#execSync}) and the exit code.
 *
 * @param stdoutTruncated output past the cap was read and dropped
 */
public record ExecSyncResult(
        byte[] stdout, byte[] stderr, int exitCode, boolean stdoutTruncated, boolean stderrTruncated) {
    public ExecSyncResult {
        stdout = stdout.clone();
        stderr = stderr.clone();
    }

    @Override
    public byte[] stdout() {
        return stdout.clone();
    }

    @Override
    public byte[] stderr() {
        return stderr.clone();
    }
}

package dev.cortado.shim.process;

import java.time.Instant;

/**
 * How a container process ended: its exit code, or 128 + the signal that killed it.
 *
 * @param code 0..255, as a shell reports it
 * @param exitedAt when the monitor reaped it
 */
public record ExitStatus(int code, Instant exitedAt) {
    public ExitStatus {
        if (code < 0 || code > 255) {
            throw new IllegalArgumentException("exit code out of range: " + code);
        }
    }

    /** Parses the monitor's "CODE UNIX_NANOS" text (also the format of the exit file). */
    public static ExitStatus parse(String codeText, String nanosText) {
        long nanos = Long.parseLong(nanosText);
        return new ExitStatus(
                Integer.parseInt(codeText), Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L));
    }
}

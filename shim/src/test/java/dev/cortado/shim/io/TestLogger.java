package dev.cortado.shim.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A logging binary for the tests, {@code logger.sh} in a directory: it records its arguments and
 * environment there, signals ready by closing fd 5, and copies fd 3 and fd 4 to the files {@code
 * stdout} and {@code stderr}, which appear once both reached their end. It ignores SIGTERM.
 */
final class TestLogger {
    private TestLogger() {}

    /** Writes the script into {@code dir} and returns its path. */
    static Path write(Path dir) throws IOException {
        Path script = dir.resolve("logger.sh");
        Files.writeString(script, """
                #!/bin/sh
                trap '' TERM
                out="$(dirname "$0")"
                echo "$@" > "$out/args"
                /usr/bin/env > "$out/env"
                exec 5>&-
                cat <&4 > "$out/stderr.part" &
                cat <&3 > "$out/stdout.part"
                wait
                mv "$out/stdout.part" "$out/stdout"
                mv "$out/stderr.part" "$out/stderr"
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}

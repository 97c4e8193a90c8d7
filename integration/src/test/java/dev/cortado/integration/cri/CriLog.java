package dev.cortado.integration.cri;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A container log file in the CRI format kubelet reads: one line per chunk,
 * {@code <RFC3339Nano time> <stdout|stderr> <P|F> <message>}, where P marks a partial line that
 * the next lines of the same stream continue and F ends it. Parsing fails closed: a malformed
 * line is an error naming it, never skipped.
 */
public final class CriLog {
    private CriLog() {}

    /** The stream a chunk was written to. */
    public enum Stream {
        STDOUT,
        STDERR
    }

    /** One line of the file; {@code partial} when the tag is P. */
    public record Line(Instant time, Stream stream, boolean partial, String message) {
        public Line {
            Objects.requireNonNull(time);
            Objects.requireNonNull(stream);
            Objects.requireNonNull(message);
        }

        /** Parses one line (without its newline). */
        public static Line parse(String line) {
            String[] f = line.split(" ", 4);
            if (f.length < 3) {
                throw new IllegalArgumentException("cri log line has fewer than 3 fields: " + line);
            }
            Instant time;
            try {
                time = OffsetDateTime.parse(f[0]).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("cri log line has a bad time " + f[0] + ": " + line, e);
            }
            Stream stream = switch (f[1]) {
                case "stdout" -> Stream.STDOUT;
                case "stderr" -> Stream.STDERR;
                default -> throw new IllegalArgumentException("cri log line has a bad stream " + f[1] + ": " + line);
            };
            boolean partial = switch (f[2]) {
                case "P" -> true;
                case "F" -> false;
                default -> throw new IllegalArgumentException("cri log line has a bad tag " + f[2] + ": " + line);
            };
            return new Line(time, stream, partial, f.length == 4 ? f[3] : "");
        }
    }

    /** Every line of {@code file}, in order. */
    public static List<Line> read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Every line of a log's text; a last line without its newline is still being written and is left out. */
    public static List<Line> parse(String text) {
        List<Line> lines = new ArrayList<>();
        int start = 0;
        for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
            lines.add(Line.parse(text.substring(start, nl)));
            start = nl + 1;
        }
        return List.copyOf(lines);
    }

    /**
     * The complete messages of one stream, as kubelet shows them: partial chunks joined to the
     * full line that ends them; a trailing partial chunk is left out.
     */
    public static List<String> messages(List<Line> lines, Stream stream) {
        List<String> messages = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (Line l : lines) {
            if (l.stream() != stream) {
                continue;
            }
            pending.append(l.message());
            if (!l.partial()) {
                messages.add(pending.toString());
                pending.setLength(0);
            }
        }
        return List.copyOf(messages);
    }
}

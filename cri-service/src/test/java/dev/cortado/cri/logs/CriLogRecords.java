package dev.cortado.cri.logs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of CRI log files for tests: every record must be
 * {@code <RFC3339Nano> <stdout|stderr> <P|F> <content>\n} with Go's trimmed fraction, or the
 * parse fails naming the record. Bytes map 1:1 to chars (ISO-8859-1) so binary content survives.
 */
record CriLogRecords(List<Rec> records) {
    private static final Pattern RECORD = Pattern.compile(
            "(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{0,8}[1-9])?(?:Z|[+-]\\d\\d:\\d\\d)) (stdout|stderr) ([PF]) (.*)",
            Pattern.DOTALL);

    /** One record. */
    record Rec(String time, String stream, boolean partial, String content) {}

    static CriLogRecords read(Path... files) throws IOException {
        List<Rec> all = new ArrayList<>();
        for (Path f : files) {
            all.addAll(parse(Files.readString(f, StandardCharsets.ISO_8859_1)).records());
        }
        return new CriLogRecords(List.copyOf(all));
    }

    static CriLogRecords parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException(
                    "log does not end with a newline: ..." + text.substring(Math.max(0, text.length() - 80)));
        }
        List<Rec> recs = new ArrayList<>();
        int start = 0;
        for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
            String line = text.substring(start, nl);
            Matcher m = RECORD.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException(
                        "malformed cri log record: " + line.substring(0, Math.min(120, line.length())));
            }
            recs.add(new Rec(m.group(1), m.group(2), m.group(3).equals("P"), m.group(4)));
            start = nl + 1;
        }
        return new CriLogRecords(List.copyOf(recs));
    }

    /** The lines of one stream as kubelet joins them: P records continued up to an F; a trailing P run too. */
    List<String> lines(String stream) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean open = false;
        for (Rec r : records) {
            if (!r.stream().equals(stream)) {
                continue;
            }
            current.append(r.content());
            open = r.partial();
            if (!r.partial()) {
                lines.add(current.toString());
                current.setLength(0);
            }
        }
        if (open) {
            lines.add(current.toString());
        }
        return lines;
    }

    /** Records of one stream as {@code "P content"} / {@code "F content"}. */
    List<String> tagged(String stream) {
        return records.stream()
                .filter(r -> r.stream().equals(stream))
                .map(r -> (r.partial() ? "P " : "F ") + r.content())
                .toList();
    }
}

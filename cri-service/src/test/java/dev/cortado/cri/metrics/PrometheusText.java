package dev.cortado.cri.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, written from the format's
 * reference (prometheus.io "Exposition formats", text format details), since no maintained Java
 * parser is published: any line that breaks the grammar fails the parse, and so do a TYPE or
 * HELP given twice or after the family's samples, a family split in two, a series given twice, a
 * histogram whose buckets are not cumulative, lack {@code le="+Inf"} or disagree with
 * {@code _count}, and a negative counter.
 */
final class PrometheusText {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One series: its full name (with {@code _bucket}, {@code _sum}, ...), labels and value. */
    record Sample(String name, Map<String, String> labels, double value) {}

    /** A metric family: TYPE (untyped when none was given), HELP and its samples in order. */
    record Family(String name, String type, String help, List<Sample> samples) {}

    private final Map<String, Family> families = new LinkedHashMap<>();
    private final Set<String> series = new java.util.HashSet<>();
    private String current;

    private PrometheusText() {}

    /** Parses a whole exposition; IllegalArgumentException naming the line for anything malformed. */
    static Map<String, Family> parse(String text) {
        PrometheusText parser = new PrometheusText();
        String[] lines = text.split("\n", -1);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition does not end with a line feed");
        }
        for (int i = 0; i < lines.length; i++) {
            try {
                parser.line(lines[i]);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + (i + 1) + " \"" + lines[i] + "\": " + e.getMessage(), e);
            }
        }
        parser.families.values().forEach(PrometheusText::check);
        return parser.families;
    }

    private void line(String line) {
        if (line.isBlank()) {
            return;
        }
        if (line.startsWith("#")) {
            String[] parts = line.substring(1).strip().split("[ \t]+", 3);
            if (parts[0].equals("HELP") || parts[0].equals("TYPE")) {
                metadata(parts);
            }
            return; // any other comment is ignored, as the format says
        }
        sample(new Cursor(line));
    }

    private void metadata(String[] parts) {
        if (parts.length < 2 || !METRIC_NAME.matcher(parts[1]).matches()) {
            throw new IllegalArgumentException(parts[0] + " without a valid metric name");
        }
        String name = parts[1];
        Family family = families.get(name);
        if (family != null && (!family.samples().isEmpty() || !name.equals(current))) {
            throw new IllegalArgumentException(
                    parts[0] + " of " + name + " after its samples or apart from its family");
        }
        Family base = family == null ? new Family(name, null, null, new ArrayList<>()) : family;
        if (parts[0].equals("TYPE")) {
            String type = parts.length == 3 ? parts[2].strip() : "";
            if (!TYPES.contains(type) || base.type() != null) {
                throw new IllegalArgumentException("bad or second TYPE " + type + " for " + name);
            }
            base = new Family(name, type, base.help(), base.samples());
        } else {
            if (base.help() != null) {
                throw new IllegalArgumentException("second HELP for " + name);
            }
            base = new Family(name, base.type(), unescape(parts.length == 3 ? parts[2] : "", false), base.samples());
        }
        families.put(name, base);
        current = name;
    }

    private void sample(Cursor c) {
        String name = c.take(METRIC_NAME, "a metric name");
        Map<String, String> labels = new TreeMap<>();
        if (c.peek() == '{') {
            c.next();
            c.spaces();
            while (c.peek() != '}') {
                String label = c.take(LABEL_NAME, "a label name");
                c.spaces();
                c.expect('=');
                c.spaces();
                if (labels.put(label, c.quoted()) != null) {
                    throw new IllegalArgumentException("label " + label + " twice");
                }
                c.spaces();
                if (c.peek() == ',') {
                    c.next();
                    c.spaces();
                } else if (c.peek() != '}') {
                    throw new IllegalArgumentException("expected , or } at column " + c.pos);
                }
            }
            c.next();
        }
        if (!c.spaces()) {
            throw new IllegalArgumentException("no blank before the value");
        }
        String[] rest = c.rest().strip().split("[ \t]+");
        if (rest.length > 2) {
            throw new IllegalArgumentException("trailing text after the timestamp");
        }
        double value = value(rest[0]);
        if (rest.length == 2) {
            Long.parseLong(rest[1]);
        }
        String family = familyOf(name);
        Family f = families.get(family);
        if (f == null) {
            f = new Family(family, null, null, new ArrayList<>());
            families.put(family, f);
        } else if (!family.equals(current)) {
            throw new IllegalArgumentException("family " + family + " is split: its lines must be together");
        }
        current = family;
        if (!series.add(name + labels)) {
            throw new IllegalArgumentException("series " + name + labels + " twice");
        }
        f.samples().add(new Sample(name, Map.copyOf(labels), value));
    }

    /** The family a sample belongs to: a histogram's or summary's suffixes go to the declared base name. */
    private String familyOf(String name) {
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                Family f = families.get(base);
                if (f != null
                        && ("histogram".equals(f.type()) || "summary".equals(f.type()) && !suffix.equals("_bucket"))) {
                    return base;
                }
            }
        }
        return name;
    }

    private static double value(String text) {
        return switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                if (!text.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
                    throw new IllegalArgumentException("not a number: " + text);
                }
                yield Double.parseDouble(text);
            }
        };
    }

    private static void check(Family f) {
        if ("counter".equals(f.type())) {
            f.samples().forEach(s -> {
                if (!(s.value() >= 0)) {
                    throw new IllegalArgumentException("counter " + s.name() + " is " + s.value());
                }
            });
        }
        if ("histogram".equals(f.type())) {
            Histograms.check(f);
        }
    }

    static String unescape(String text, boolean quotes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch != '\\') {
                out.append(ch);
                continue;
            }
            char next = ++i < text.length() ? text.charAt(i) : 0;
            switch (next) {
                case '\\' -> out.append('\\');
                case 'n' -> out.append('\n');
                case '"' -> {
                    if (!quotes) {
                        throw new IllegalArgumentException("\\\" is no escape in HELP");
                    }
                    out.append('"');
                }
                default -> throw new IllegalArgumentException("bad escape \\" + next);
            }
        }
        return out.toString();
    }

    /** Reads one sample line. */
    private static final class Cursor {
        private final String line;
        private int pos;

        Cursor(String line) {
            this.line = line;
        }

        char peek() {
            if (pos >= line.length()) {
                throw new IllegalArgumentException("line ends too early");
            }
            return line.charAt(pos);
        }

        void next() {
            pos++;
        }

        void expect(char ch) {
            if (peek() != ch) {
                throw new IllegalArgumentException("expected " + ch + " at column " + pos);
            }
            pos++;
        }

        boolean spaces() {
            int start = pos;
            while (pos < line.length() && (line.charAt(pos) == ' ' || line.charAt(pos) == '\t')) {
                pos++;
            }
            return pos > start;
        }

        String take(Pattern pattern, String what) {
            var m = pattern.matcher(line).region(pos, line.length());
            if (!m.lookingAt()) {
                throw new IllegalArgumentException("expected " + what + " at column " + pos);
            }
            pos = m.end();
            return m.group();
        }

        String quoted() {
            expect('"');
            StringBuilder raw = new StringBuilder();
            while (peek() != '"') {
                if (peek() == '\\') {
                    raw.append(line.charAt(pos++));
                }
                raw.append(peek());
                pos++;
            }
            pos++;
            return unescape(raw.toString(), true);
        }

        String rest() {
            return line.substring(pos);
        }
    }
}

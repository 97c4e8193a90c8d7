package dev.cortado.cri.network;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Go's text/template that CNI config templates use (containerd's
 * {@code conf_template}): {@code {{.Field}}}, {@code {{range $i, $x := .List}}} (and
 * {@code {{range .List}}} with {@code {{.}}}), {@code {{if $i}}}/{@code {{else}}}, {@code {{end}}},
 * variables, comments and the {@code {{-} / {@code -}}} trim markers. Anything else is refused with
 * its position, never output as text.
 */
final class GoTemplate {
    private static final Pattern ACTION = Pattern.compile("\\{\\{(-\\s)?(.*?)(\\s-)?}}", Pattern.DOTALL);
    private static final Pattern RANGE =
            Pattern.compile("range\\s+(?:(\\$\\w+)\\s*(?:,\\s*(\\$\\w+)\\s*)?:=\\s*)?(\\.\\w+)");
    private static final Pattern IF = Pattern.compile("if\\s+(\\$\\w+|\\.\\w+)");
    private static final Pattern VALUE = Pattern.compile("\\$\\w+|\\.\\w*");

    private sealed interface Node permits Text, Print, Range, If {}

    private record Text(String text) implements Node {}

    private record Print(String expr) implements Node {}

    private record Range(String indexVar, String elemVar, String listExpr, List<Node> body) implements Node {}

    private record If(String cond, List<Node> then, List<Node> otherwise) implements Node {}

    private final List<Node> nodes;

    private GoTemplate(List<Node> nodes) {
        this.nodes = nodes;
    }

    /** Parses a template; IllegalArgumentException names the unsupported or unbalanced action. */
    static GoTemplate parse(String text) {
        Parser parser = new Parser(text);
        List<Node> top = parser.block(false);
        return new GoTemplate(top);
    }

    /** Renders with {@code data} as the dot: String, Integer or List values. */
    String render(Map<String, Object> data) {
        StringBuilder out = new StringBuilder();
        Map<String, Object> vars = new HashMap<>();
        vars.put(".", data);
        render(nodes, vars, out);
        return out.toString();
    }

    private static void render(List<Node> nodes, Map<String, Object> vars, StringBuilder out) {
        for (Node node : nodes) {
            if (node instanceof Text t) {
                out.append(t.text());
            } else if (node instanceof Print p) {
                out.append(value(p.expr(), vars));
            } else if (node instanceof If f) {
                render(truthy(value(f.cond(), vars)) ? f.then() : f.otherwise(), vars, out);
            } else if (node instanceof Range r) {
                Object list = value(r.listExpr(), vars);
                if (!(list instanceof List<?> items)) {
                    throw new IllegalArgumentException("range over " + r.listExpr() + ", which is not a list");
                }
                for (int i = 0; i < items.size(); i++) {
                    Map<String, Object> scope = new HashMap<>(vars);
                    scope.put(".", items.get(i));
                    if (r.elemVar() != null) {
                        scope.put(r.indexVar(), i);
                        scope.put(r.elemVar(), items.get(i));
                    } else if (r.indexVar() != null) {
                        scope.put(r.indexVar(), items.get(i));
                    }
                    render(r.body(), scope, out);
                }
            }
        }
    }

    private static Object value(String expr, Map<String, Object> vars) {
        if (expr.startsWith("$")) {
            if (!vars.containsKey(expr)) {
                throw new IllegalArgumentException("undefined variable " + expr);
            }
            return vars.get(expr);
        }
        Object dot = vars.get(".");
        if (expr.equals(".")) {
            return dot;
        }
        if (!(dot instanceof Map<?, ?> fields) || !fields.containsKey(expr.substring(1))) {
            throw new IllegalArgumentException("unknown field " + expr + " (known: .PodCIDR, .PodCIDRRanges, .Routes)");
        }
        return fields.get(expr.substring(1));
    }

    private static boolean truthy(Object value) {
        return value instanceof Integer i
                ? i != 0
                : value instanceof String s ? !s.isEmpty() : value instanceof List<?> l ? !l.isEmpty() : value != null;
    }

    /** Recursive descent over the actions; {@code {{end}}} and {@code {{else}}} close blocks. */
    private static final class Parser {
        private final String text;
        private final Matcher matcher;
        private int pos;
        private boolean trimNext;
        private String closer;

        Parser(String text) {
            this.text = text;
            this.matcher = ACTION.matcher(text);
        }

        List<Node> block(boolean nested) {
            List<Node> nodes = new ArrayList<>();
            while (matcher.find(pos)) {
                String before = text.substring(pos, matcher.start());
                if (trimNext) {
                    before = before.stripLeading();
                }
                if (matcher.group(1) != null) {
                    before = before.stripTrailing();
                }
                nodes.add(new Text(before));
                trimNext = matcher.group(3) != null;
                pos = matcher.end();
                String action = matcher.group(2).strip();
                int line = 1
                        + (int) text.substring(0, matcher.start())
                                .chars()
                                .filter(c -> c == '\n')
                                .count();
                if (action.startsWith("/*") && action.endsWith("*/")) {
                    continue;
                }
                if (action.equals("end") || action.equals("else")) {
                    if (!nested) {
                        throw new IllegalArgumentException("{{" + action + "}} without a block at line " + line);
                    }
                    closer = action;
                    return nodes;
                }
                nodes.add(action(action, line));
            }
            if (nested) {
                throw new IllegalArgumentException("a {{range}} or {{if}} is not closed by {{end}}");
            }
            String rest = text.substring(pos);
            nodes.add(new Text(trimNext ? rest.stripLeading() : rest));
            return nodes;
        }

        private Node action(String action, int line) {
            Matcher m;
            if ((m = RANGE.matcher(action)).matches()) {
                String index = m.group(1);
                String elem = m.group(2);
                String list = m.group(3);
                List<Node> body = block(true);
                requireCloser("end", line);
                return new Range(index, elem, list, body);
            }
            if ((m = IF.matcher(action)).matches()) {
                String cond = m.group(1);
                List<Node> then = block(true);
                List<Node> otherwise = List.of();
                if ("else".equals(closer)) {
                    otherwise = block(true);
                }
                requireCloser("end", line);
                return new If(cond, then, otherwise);
            }
            if (VALUE.matcher(action).matches()) {
                return new Print(action);
            }
            throw new IllegalArgumentException("unsupported template action {{" + action + "}} at line " + line);
        }

        private void requireCloser(String expected, int line) {
            if (!expected.equals(closer)) {
                throw new IllegalArgumentException(
                        "the block opened at line " + line + " is closed by {{" + closer + "}}");
            }
            closer = null;
        }
    }
}

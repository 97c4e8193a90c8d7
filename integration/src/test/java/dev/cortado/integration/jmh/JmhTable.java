package dev.cortado.integration.jmh;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * One line per benchmark and parameters: operations per second with JMH's 99.9% error, the best
 * iteration (on a shared machine the least disturbed one), and MB/s (10^6 bytes, of the mean)
 * where the benchmark counts its {@link Bytes}.
 */
final class JmhTable {
    private JmhTable() {}

    static String format(Collection<RunResult> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"benchmark", "params", "ops/s", "error", "best", "MB/s"});
        for (RunResult run : results) {
            BenchmarkParams params = run.getParams();
            String name = params.getBenchmark();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            String values = params.getParamsKeys().stream()
                    .map(k -> k + "=" + params.getParam(k))
                    .collect(Collectors.joining(" "));
            Result<?> primary = run.getPrimaryResult();
            Result<?> bytes = run.getSecondaryResults().get("bytes");
            rows.add(new String[] {
                name,
                values,
                number(primary.getScore()),
                Double.isNaN(primary.getScoreError()) ? "" : "± " + number(primary.getScoreError()),
                number(primary.getStatistics().getMax()),
                bytes == null ? "" : number(bytes.getScore() / 1e6)
            });
        }
        int[] widths = new int[6];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                String cell = i < 2 ? pad(row[i], widths[i], false) : pad(row[i], widths[i], true);
                out.append(cell).append(i == row.length - 1 ? "\n" : "  ");
            }
        }
        return out.toString();
    }

    private static String number(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }
}

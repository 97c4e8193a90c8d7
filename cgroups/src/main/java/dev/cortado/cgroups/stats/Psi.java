package dev.cortado.cgroups.stats;

/**
 * Pressure stall information of one resource ({@code cpu.pressure}, {@code memory.pressure},
 * {@code io.pressure}).
 *
 * @param some share of time at least one task stalled
 * @param full share of time all non-idle tasks stalled; null when the kernel has no full line
 *     (cpu before Linux 5.13)
 */
public record Psi(PsiData some, PsiData full) {
    /** Validates that "some" is present. */
    public Psi {
        if (some == null) {
            throw new IllegalArgumentException("psi needs a some line");
        }
    }

    /** Parses the file's content ("some avg10=.. avg60=.. avg300=.. total=.." and optionally "full ..."). */
    public static Psi parse(String content, String file) {
        PsiData some = null;
        PsiData full = null;
        for (String line : content.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = StatFiles.fields(line);
            PsiData d = data(f, file);
            switch (f[0]) {
                case "some" -> some = d;
                case "full" -> full = d;
                default -> throw StatFiles.malformed(file, "unknown line \"" + f[0] + "\"", null);
            }
        }
        if (some == null) {
            throw StatFiles.malformed(file, "no some line", null);
        }
        return new Psi(some, full);
    }

    private static PsiData data(String[] f, String file) {
        double a10 = -1;
        double a60 = -1;
        double a300 = -1;
        long total = -1;
        try {
            for (int i = 1; i < f.length; i++) {
                String[] kv = f[i].split("=", 2);
                switch (kv[0]) {
                    case "avg10" -> a10 = Double.parseDouble(kv[1]);
                    case "avg60" -> a60 = Double.parseDouble(kv[1]);
                    case "avg300" -> a300 = Double.parseDouble(kv[1]);
                    case "total" -> total = Long.parseLong(kv[1]);
                    default -> {} // newer kernels may add fields
                }
            }
        } catch (RuntimeException e) {
            throw StatFiles.malformed(file, "bad field in \"" + String.join(" ", f) + "\"", e);
        }
        if (a10 < 0 || a60 < 0 || a300 < 0 || total < 0) {
            throw StatFiles.malformed(file, "missing field in \"" + String.join(" ", f) + "\"", null);
        }
        return new PsiData(a10, a60, a300, total);
    }

    /**
     * One PSI line.
     *
     * @param avg10 percent over 10 s
     * @param avg60 percent over 60 s
     * @param avg300 percent over 300 s
     * @param total total stall time in microseconds
     */
    public record PsiData(double avg10, double avg60, double avg300, long total) {
        /** Validates ranges. */
        public PsiData {
            if (avg10 < 0 || avg60 < 0 || avg300 < 0 || total < 0) {
                throw new IllegalArgumentException("psi values must be non-negative");
            }
        }
    }
}

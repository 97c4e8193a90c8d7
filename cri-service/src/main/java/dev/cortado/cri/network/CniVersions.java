package dev.cortado.cri.network;

/** Comparisons of CNI spec versions ({@code major.minor.patch}); an unparsable one is the oldest. */
final class CniVersions {
    private CniVersions() {}

    static boolean atLeast(String version, int major, int minor, int patch) {
        int[] parts = parse(version);
        if (parts[0] != major) {
            return parts[0] > major;
        }
        if (parts[1] != minor) {
            return parts[1] > minor;
        }
        return parts[2] >= patch;
    }

    private static int[] parse(String version) {
        int[] parts = new int[3];
        String[] fields = version == null ? new String[0] : version.split("\\.", -1);
        if (fields.length < 1 || fields.length > 3) {
            return parts;
        }
        try {
            for (int i = 0; i < fields.length; i++) {
                parts[i] = Integer.parseInt(fields[i]);
            }
        } catch (NumberFormatException e) {
            return new int[3];
        }
        return parts;
    }
}

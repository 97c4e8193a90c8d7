package dev.cortado.cgroups.stats;

/**
 * Usage of one hugepage size ({@code hugetlb.<size>.current}, {@code .max}, {@code .events}).
 *
 * @param pageSize as in the file name ("2MB")
 * @param current bytes in use
 * @param max limit in bytes, -1 for unlimited
 * @param failcnt allocations refused by the limit ({@code max} in the events file)
 */
public record HugetlbStat(String pageSize, long current, long max, long failcnt) {
    /** Builds the record from the three files' contents (events may be empty when missing). */
    public static HugetlbStat parse(String pageSize, String current, String max, String events) {
        long fail = events == null || events.isBlank()
                ? 0
                : StatFiles.flatKeyed(events, "hugetlb." + pageSize + ".events").getOrDefault("max", 0L);
        return new HugetlbStat(
                pageSize,
                StatFiles.singleValue(current, "hugetlb." + pageSize + ".current"),
                StatFiles.singleValue(max, "hugetlb." + pageSize + ".max"),
                fail);
    }
}

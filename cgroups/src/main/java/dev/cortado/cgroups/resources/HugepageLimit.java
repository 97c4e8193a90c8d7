package dev.cortado.cgroups.resources;

import static dev.cortado.cgroups.resources.Checks.check;

import java.util.regex.Pattern;

/**
 * A hugetlb limit for one page size.
 *
 * @param pageSize the size as the kernel names it in file names ({@code 2MB}, {@code 1GB})
 * @param limit bytes, -1 for unlimited
 */
public record HugepageLimit(String pageSize, long limit) {
    private static final Pattern SIZE = Pattern.compile("\\d+(KB|MB|GB)");

    /** Validates the page size (it becomes part of a file name) and the limit. */
    public HugepageLimit {
        check(
                pageSize != null && SIZE.matcher(pageSize).matches(),
                "hugepage size \"" + pageSize + "\" must look like 2MB or 1GB");
        check(limit == -1 || limit >= 0, "hugepage limit must be -1 or non-negative, got " + limit);
    }
}

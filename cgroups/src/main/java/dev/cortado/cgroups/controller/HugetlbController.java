package dev.cortado.cgroups.controller;

import dev.cortado.cgroups.resources.HugepageLimit;
import dev.cortado.cgroups.resources.Resources;
import java.util.List;

/** The hugetlb controller: {@code hugetlb.<size>.max} per page size. */
public final class HugetlbController implements Controller {
    @Override
    public String name() {
        return "hugetlb";
    }

    @Override
    public List<Write> writes(Resources resources) {
        return resources.hugepages().stream()
                .map((HugepageLimit h) ->
                        Write.of(name(), "hugetlb." + h.pageSize() + ".max", Conversions.max(h.limit())))
                .toList();
    }
}

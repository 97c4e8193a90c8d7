package dev.cortado.cgroups.controller;

import dev.cortado.cgroups.resources.CpusetResources;
import dev.cortado.cgroups.resources.Resources;
import java.util.ArrayList;
import java.util.List;

/** The cpuset controller: {@code cpuset.cpus}, {@code cpuset.mems}. */
public final class CpusetController implements Controller {
    @Override
    public String name() {
        return "cpuset";
    }

    @Override
    public List<Write> writes(Resources resources) {
        CpusetResources c = resources.cpuset();
        List<Write> out = new ArrayList<>();
        // mems before cpus is irrelevant on v2 (no empty-cpuset rule as on v1); keep runc's order.
        if (c.cpus() != null) {
            out.add(Write.of(name(), "cpuset.cpus", c.cpus()));
        }
        if (c.mems() != null) {
            out.add(Write.of(name(), "cpuset.mems", c.mems()));
        }
        return List.copyOf(out);
    }
}

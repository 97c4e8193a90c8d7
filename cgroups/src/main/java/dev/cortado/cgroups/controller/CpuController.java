package dev.cortado.cgroups.controller;

import dev.cortado.cgroups.resources.CpuResources;
import dev.cortado.cgroups.resources.Resources;
import java.util.ArrayList;
import java.util.List;

/** The cpu controller: {@code cpu.weight}, {@code cpu.max}, {@code cpu.idle}. */
public final class CpuController implements Controller {
    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public List<Write> writes(Resources resources) {
        CpuResources c = resources.cpu();
        List<Write> out = new ArrayList<>();
        if (c.shares() != null) {
            out.add(Write.of(name(), "cpu.weight", Long.toString(Conversions.cpuSharesToWeight(c.shares()))));
        }
        // runc fs2 setCpu: "max" unless quota > 0, then the period only if one was given, so an
        // unset period keeps the kernel's (or the previous) period.
        if (c.quota() != null || c.period() != null) {
            String v = c.quota() != null && c.quota() > 0 ? Long.toString(c.quota()) : "max";
            if (c.period() != null) {
                v += " " + c.period();
            }
            out.add(Write.of(name(), "cpu.max", v));
        }
        if (c.idle() != null) {
            out.add(Write.of(name(), "cpu.idle", Long.toString(c.idle())));
        }
        return List.copyOf(out);
    }
}

package dev.cortado.cgroups.controller;

import dev.cortado.cgroups.resources.MemoryResources;
import dev.cortado.cgroups.resources.Resources;
import java.util.ArrayList;
import java.util.List;

/**
 * The memory controller: {@code memory.swap.max}, {@code memory.max}, {@code memory.low},
 * {@code memory.high}, {@code memory.oom.group}, in runc's order (swap first, so lowering the
 * memory limit never leaves a moment with more swap than asked for).
 */
public final class MemoryController implements Controller {
    @Override
    public String name() {
        return "memory";
    }

    @Override
    public List<Write> writes(Resources resources) {
        MemoryResources m = resources.memory();
        List<Write> out = new ArrayList<>();
        Long swap = Conversions.swapMax(m.swap(), m.limit());
        if (swap != null) {
            String v = Conversions.max(swap);
            // runc: without swap accounting the file is missing; writing 0 or max there is a no-op.
            boolean optional = swap == 0 || swap == -1;
            out.add(new Write(name(), "memory.swap.max", v, optional));
        }
        if (m.limit() != null) {
            out.add(Write.of(name(), "memory.max", Conversions.max(m.limit())));
        }
        if (m.reservation() != null) {
            out.add(Write.of(name(), "memory.low", Conversions.max(m.reservation())));
        }
        if (m.high() != null) {
            out.add(Write.of(name(), "memory.high", Conversions.max(m.high())));
        }
        if (m.oomGroup() != null) {
            out.add(Write.of(name(), "memory.oom.group", m.oomGroup() ? "1" : "0"));
        }
        return List.copyOf(out);
    }
}

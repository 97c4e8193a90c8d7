package dev.cortado.cgroups.controller;

import dev.cortado.cgroups.resources.Resources;
import java.util.List;

/** The pids controller: {@code pids.max}. */
public final class PidsController implements Controller {
    @Override
    public String name() {
        return "pids";
    }

    @Override
    public List<Write> writes(Resources resources) {
        Long limit = resources.pidsLimit();
        return limit == null ? List.of() : List.of(Write.of(name(), "pids.max", Conversions.max(limit)));
    }
}

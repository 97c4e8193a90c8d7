package dev.cortado.cri.stats;

import dev.cortado.cri.sandbox.Sandbox;
import dev.cortado.cri.sandbox.SandboxFilter;
import java.util.List;

/** The pods stats are read for; production is {@code SandboxService}, tests pass a list. */
public interface PodSource {
    /** The pod with this id or unique prefix; NOT_FOUND naming it otherwise. */
    Sandbox get(String idOrPrefix);

    List<Sandbox> list(SandboxFilter filter);
}

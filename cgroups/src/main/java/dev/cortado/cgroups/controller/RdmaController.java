package dev.cortado.cgroups.controller;

import dev.cortado.cgroups.resources.RdmaLimit;
import dev.cortado.cgroups.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The rdma controller: one {@code rdma.max} line per device ({@code mlx4_0 hca_handle=2 hca_object=max}). */
public final class RdmaController implements Controller {
    @Override
    public String name() {
        return "rdma";
    }

    @Override
    public List<Write> writes(Resources resources) {
        List<Write> out = new ArrayList<>();
        for (Map.Entry<String, RdmaLimit> e : resources.rdma().entrySet()) {
            String device = e.getKey();
            if (device.isEmpty() || !device.chars().allMatch(ch -> ch > ' ' && ch != '/' && ch < 127)) {
                throw new IllegalArgumentException("rdma device name \"" + device + "\" is not a plain name");
            }
            RdmaLimit l = e.getValue();
            String v = device + " hca_handle=" + (l.hcaHandles() == null ? "max" : l.hcaHandles()) + " hca_object="
                    + (l.hcaObjects() == null ? "max" : l.hcaObjects());
            out.add(Write.of(name(), "rdma.max", v));
        }
        return List.copyOf(out);
    }
}

package dev.cortado.cgroups.controller;

import dev.cortado.cgroups.resources.IoResources;
import dev.cortado.cgroups.resources.IoResources.ThrottleDevice;
import dev.cortado.cgroups.resources.Resources;
import java.util.ArrayList;
import java.util.List;

/**
 * The io controller: {@code io.weight} (default and per device, converted from blkio weights) and
 * one {@code io.max} write per device and limit, as the kernel takes one "MAJ:MIN key=value" line
 * per write.
 */
public final class IoController implements Controller {
    @Override
    public String name() {
        return "io";
    }

    @Override
    public List<Write> writes(Resources resources) {
        IoResources io = resources.io();
        List<Write> out = new ArrayList<>();
        // runc prefers io.bfq.weight (raw value) when the bfq scheduler is loaded; that depends on the
        // device's scheduler, so we use io.weight, which every io controller has, with the conversion.
        if (io.weight() != null) {
            out.add(Write.of(name(), "io.weight", "default " + Conversions.blkioWeightToIoWeight(io.weight())));
        }
        for (IoResources.WeightDevice d : io.weightDevices()) {
            out.add(Write.of(
                    name(),
                    "io.weight",
                    d.major() + ":" + d.minor() + " " + Conversions.blkioWeightToIoWeight(d.weight())));
        }
        addMax(out, io.readBps(), "rbps");
        addMax(out, io.writeBps(), "wbps");
        addMax(out, io.readIops(), "riops");
        addMax(out, io.writeIops(), "wiops");
        return List.copyOf(out);
    }

    private void addMax(List<Write> out, List<ThrottleDevice> devices, String key) {
        for (ThrottleDevice d : devices) {
            String rate = d.rate() == 0 ? "max" : Long.toString(d.rate());
            out.add(Write.of(name(), "io.max", d.major() + ":" + d.minor() + " " + key + "=" + rate));
        }
    }
}

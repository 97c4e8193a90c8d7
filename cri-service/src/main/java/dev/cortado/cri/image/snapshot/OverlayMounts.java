package dev.cortado.cri.image.snapshot;

import dev.cortado.errors.CortadoException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Builds overlayfs mount options for a container rootfs from its image's snapshots. */
public final class OverlayMounts {
    /** The kernel reads mount data from one page. */
    static final int MAX_OPTIONS = 4095;

    private OverlayMounts() {}

    /**
     * {@code lowerdir=<top>:...:<bottom>,upperdir=...,workdir=...}; {@code layersBottomFirst} is the
     * image's snapshot order, reversed here because overlayfs lists the top layer first.
     */
    public static String options(List<Snapshot> layersBottomFirst, Path upper, Path work) {
        if (layersBottomFirst.isEmpty()) {
            throw CortadoException.invalidArgument("an overlay rootfs needs at least one layer");
        }
        String lower = layersBottomFirst.stream()
                .map(s -> escape(s.fs().toString()))
                .collect(Collectors.collectingAndThen(Collectors.toList(), l -> {
                    java.util.Collections.reverse(l);
                    return String.join(":", l);
                }));
        String options =
                "lowerdir=" + lower + ",upperdir=" + escape(upper.toString()) + ",workdir=" + escape(work.toString());
        if (options.length() > MAX_OPTIONS) {
            throw CortadoException.failedPrecondition(
                    "overlay options are %d bytes, over the kernel's page limit", options.length());
        }
        return options;
    }

    private static String escape(String path) {
        if (path.contains(":") || path.contains(",")) {
            throw CortadoException.invalidArgument("overlay path %s contains ':' or ','", path);
        }
        return path;
    }
}

package dev.cortado.cri.spec;

import java.util.List;

/**
 * What {@link OciSpecBuilder#build} gives the container lifecycle: the spec to write as the
 * bundle's {@code config.json} ({@link OciJson#write}), the image volumes to create and fill
 * before the shim's Create, and the stop signal StopContainer uses.
 *
 * @param spec the OCI spec
 * @param imageVolumes anonymous volumes for the image's {@code VOLUME}s, already in {@code spec}'s mounts
 * @param stopSignal the signal name ({@code SIGTERM} unless the CRI or the image says otherwise)
 */
public record SpecResult(OciSpec spec, List<ImageVolume> imageVolumes, String stopSignal) {
    public SpecResult {
        imageVolumes = List.copyOf(imageVolumes);
    }
}

package dev.cortado.cri.spec;

import dev.cortado.api.cri.v1.ContainerConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Anonymous volumes for an image's {@code VOLUME}s, as containerd's {@code volumeMounts}: one
 * directory per volume under the container's volumes directory, except where kubelet mounts
 * something at the same path, or when the runtime ignores image-defined volumes. A relative
 * volume path is taken from {@code /}. The directory name is derived from the path (containerd
 * uses a random id), so the same request always gives the same spec.
 */
final class ImageVolumes {
    private ImageVolumes() {}

    static List<ImageVolume> of(ContainerConfig config, ImageConfig image, String volumesDir, RuntimeOptions options) {
        List<ImageVolume> out = new ArrayList<>();
        if (options.ignoreImageDefinedVolumes() || volumesDir.isEmpty()) {
            return out;
        }
        for (String volume : image.volumes()) {
            String dst = ContainerMounts.clean(volume.startsWith("/") ? volume : "/" + volume);
            if (dst.equals("/") || ContainerMounts.inCri(config, dst)) {
                continue;
            }
            out.add(new ImageVolume(volumesDir + "/" + id(dst), dst));
        }
        return out;
    }

    private static String id(String path) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

package dev.cortado.cri.image;

import dev.cortado.cri.image.reference.Digest;
import dev.cortado.cri.image.registry.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An image built by a test: layer blobs, a config whose diff ids match them, and an OCI manifest. */
final class TestImage {
    record Layer(String mediaType, byte[] blob, Digest diffId) {
        Digest digest() {
            return Digest.sha256(blob);
        }
    }

    final List<Layer> layers = new ArrayList<>();
    String user = "1000";
    List<String> diffIdOverride;

    TestImage layer(String mediaType, byte[] tar, byte[] blob) {
        layers.add(new Layer(mediaType, blob, Digest.sha256(tar)));
        return this;
    }

    byte[] config() {
        List<String> diffs = diffIdOverride != null
                ? diffIdOverride
                : layers.stream().map(l -> "\"" + l.diffId() + "\"").toList();
        return ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"User\":\"" + user
                        + "\",\"Cmd\":[\"/bin/sh\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
                        + String.join(",", diffs) + "]}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    String manifest() {
        StringBuilder layerJson = new StringBuilder();
        for (Layer l : layers) {
            if (layerJson.length() > 0) {
                layerJson.append(',');
            }
            layerJson
                    .append("{\"mediaType\":\"")
                    .append(l.mediaType())
                    .append("\",\"digest\":\"")
                    .append(l.digest())
                    .append("\",\"size\":")
                    .append(l.blob().length)
                    .append('}');
        }
        byte[] config = config();
        return "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + Digest.sha256(config) + "\",\"size\":" + config.length
                + "},\"layers\":[" + layerJson + "]}";
    }

    Digest configDigest() {
        return Digest.sha256(config());
    }
}

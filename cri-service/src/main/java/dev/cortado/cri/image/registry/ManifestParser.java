package dev.cortado.cri.image.registry;

import dev.cortado.cri.image.reference.Digest;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads manifests and indexes from JSON, deciding the type from the body first and the header second. */
final class ManifestParser {
    private final JsonMapper json = JsonMapper.builder().build();

    /** Parses {@code raw} into a tree, refusing anything that is not a JSON object. */
    JsonNode tree(byte[] raw, String what) {
        try {
            JsonNode node = json.readTree(raw);
            if (node == null || !node.isObject()) {
                throw CortadoException.failedPrecondition("%s is not a JSON object", what);
            }
            return node;
        } catch (JacksonException e) {
            throw new CortadoException(ErrorKind.FAILED_PRECONDITION, what + " is not valid JSON", e);
        }
    }

    /** The media type of a manifest body; schema1 is refused here with a clear error. */
    String mediaType(JsonNode node, String contentType, String what) {
        String type = node.path("mediaType").stringValue("");
        if (type.isEmpty()) {
            type = contentType == null ? "" : contentType.split(";")[0].trim();
        }
        if (MediaTypes.isSchema1(type) || node.path("schemaVersion").asInt(2) == 1) {
            throw CortadoException.failedPrecondition(
                    "%s is a Docker schema1 manifest, which is not supported: push the image again with a current client",
                    what);
        }
        if (type.isEmpty() || type.equals("application/json")) {
            type = node.has("manifests") ? MediaTypes.OCI_INDEX : node.has("layers") ? MediaTypes.OCI_MANIFEST : "";
        }
        if (!MediaTypes.isIndex(type) && !MediaTypes.isManifest(type)) {
            throw CortadoException.failedPrecondition("%s has unsupported media type %s", what, type);
        }
        return type;
    }

    /** The entries of an index. */
    List<Descriptor> indexEntries(JsonNode node, String what) {
        List<Descriptor> out = new ArrayList<>();
        for (JsonNode entry : node.path("manifests")) {
            JsonNode p = entry.path("platform");
            Platform platform = p.isObject()
                    ? new Platform(
                            p.path("os").stringValue(""),
                            p.path("architecture").stringValue(""),
                            p.path("variant").stringValue(""))
                    : null;
            out.add(descriptor(entry, what, platform));
        }
        return out;
    }

    /** A manifest record from its tree. */
    Manifest manifest(Digest digest, String type, JsonNode node, byte[] raw, String what) {
        if (!node.path("config").isObject()) {
            throw CortadoException.failedPrecondition("%s has no config descriptor", what);
        }
        List<Descriptor> layers = new ArrayList<>();
        for (JsonNode layer : node.path("layers")) {
            layers.add(descriptor(layer, what, null));
        }
        return new Manifest(digest, type, descriptor(node.path("config"), what, null), layers, raw);
    }

    private static Descriptor descriptor(JsonNode node, String what, Platform platform) {
        String digest = node.path("digest").stringValue("");
        long size = node.path("size").asLong(-1);
        if (!Digest.isDigest(digest) || size < 0) {
            throw CortadoException.failedPrecondition(
                    "%s has a descriptor without a valid sha256 digest and size", what);
        }
        List<String> urls = new ArrayList<>();
        for (JsonNode url : node.path("urls")) {
            urls.add(url.stringValue(""));
        }
        return new Descriptor(node.path("mediaType").stringValue(""), Digest.parse(digest), size, urls, platform);
    }
}

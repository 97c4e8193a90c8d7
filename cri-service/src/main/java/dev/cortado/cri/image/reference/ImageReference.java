package dev.cortado.cri.image.reference;

import dev.cortado.errors.CortadoException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A fully qualified image reference: domain, repository path, and a tag and/or digest.
 *
 * <p>Parsing follows the distribution/reference grammar with Docker's normalisation:
 * {@code busybox} becomes {@code docker.io/library/busybox:latest}.
 */
public record ImageReference(String domain, String path, String tag, Digest digest) {
    public static final String DOCKER_HUB = "docker.io";
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?"
                    + "|\\[[0-9a-fA-F:.]+\\](?::[0-9]+)?");

    /** Validates every part; a reference has a tag, a digest, or both. */
    public ImageReference {
        if (domain == null || !DOMAIN.matcher(domain).matches()) {
            throw CortadoException.invalidArgument("invalid registry domain %s", domain);
        }
        if (path == null || path.isEmpty() || path.length() > 255) {
            throw CortadoException.invalidArgument("invalid repository path %s", path);
        }
        for (String part : path.split("/", -1)) {
            if (!COMPONENT.matcher(part).matches()) {
                throw CortadoException.invalidArgument("invalid repository path %s", path);
            }
        }
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw CortadoException.invalidArgument("invalid tag %s", tag);
        }
        if (tag == null && digest == null) {
            throw CortadoException.invalidArgument("reference %s/%s has neither tag nor digest", domain, path);
        }
    }

    /** Parses and normalises {@code text}; a reference without tag or digest gets {@code latest}. */
    public static ImageReference parse(String text) {
        if (text == null || text.isBlank()) {
            throw CortadoException.invalidArgument("empty image reference");
        }
        String rest = text;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Digest.parse(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        String domain = DOCKER_HUB;
        String path = rest;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".")
                    || first.contains(":")
                    || first.equals("localhost")
                    || !first.equals(first.toLowerCase())) {
                domain = first;
                path = rest.substring(slash + 1);
            }
        }
        if (domain.equals("index.docker.io")) {
            domain = DOCKER_HUB;
        }
        if (domain.equals(DOCKER_HUB) && !path.contains("/")) {
            path = "library/" + path;
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new ImageReference(domain, path, tag, digest);
    }

    /** The host to contact for this domain: Docker Hub's API lives on {@code registry-1.docker.io}. */
    public String registryHost() {
        return domain.equals(DOCKER_HUB) ? "registry-1.docker.io" : domain;
    }

    /** {@code domain/path}, the repository name without tag or digest. */
    public String repository() {
        return domain + "/" + path;
    }

    /** The digest if pinned, else the tag: what goes in {@code /v2/<path>/manifests/<x>}. */
    public String manifestReference() {
        return digest != null ? digest.toString() : tag;
    }

    /** The same repository pinned to {@code newDigest}, without tag. */
    public ImageReference withDigest(Digest newDigest) {
        return new ImageReference(domain, path, null, newDigest);
    }

    /** The tag, if any. */
    public Optional<String> tagOptional() {
        return Optional.ofNullable(tag);
    }

    @Override
    public String toString() {
        return repository() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}

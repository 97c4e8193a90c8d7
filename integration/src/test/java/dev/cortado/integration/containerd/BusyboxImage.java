package dev.cortado.integration.containerd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds an OCI image archive (oci-layout, index.json, blobs) holding busybox-static and a few
 * applet links, named {@link #NAME} (or any name, with its own entrypoint), for
 * {@code ctr image import}.
 */
final class BusyboxImage {
    static final Path BUSYBOX = Path.of("/usr/bin/busybox");
    static final String NAME = "docker.io/library/cortado-busybox:test";
    private static final List<String> APPLETS = List.of(
            "sh",
            "echo",
            "sleep",
            "cat",
            "ls",
            "true",
            "false",
            "id",
            "mount",
            "umount",
            "hostname",
            "grep",
            "head",
            "tr",
            "ping",
            "mkdir");

    private BusyboxImage() {}

    static Path write(Path dir) throws IOException {
        return write(dir, NAME, List.of(), List.of("sh"));
    }

    /** The image {@code name} with this entrypoint and cmd, written to {@code dir} as one archive. */
    static Path write(Path dir, String name, List<String> entrypoint, List<String> cmd) throws IOException {
        TarWriter layer = new TarWriter();
        for (String d : List.of("bin", "dev", "proc", "sys", "tmp", "etc", "root")) {
            layer.dir(d);
        }
        layer.file("bin/busybox", Files.readAllBytes(BUSYBOX), 0755);
        APPLETS.forEach(a -> layer.symlink("bin/" + a, "busybox"));
        byte[] layerTar = layer.finish();
        TarWriter archive = new TarWriter().dir("blobs").dir("blobs/sha256");
        String layerDigest = blob(archive, layerTar);
        String entry = entrypoint.isEmpty() ? "" : "\"Entrypoint\":" + json(entrypoint) + ",";
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":[\"PATH=/bin\"]," + entry
                        + "\"Cmd\":" + json(cmd) + "},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + layerDigest
                        + "\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        String configDigest = blob(archive, config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                        + configDigest
                        + "\",\"size\":" + config.length
                        + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\","
                        + "\"digest\":\"" + layerDigest + "\",\"size\":" + layerTar.length + "}]}")
                .getBytes(StandardCharsets.UTF_8);
        String manifestDigest = blob(archive, manifest);
        archive.file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8), 0644);
        archive.file(
                "index.json",
                ("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + manifestDigest
                                + "\",\"size\":"
                                + manifest.length + ",\"annotations\":{\"io.containerd.image.name\":\"" + name + "\","
                                + "\"org.opencontainers.image.ref.name\":\"test\"}}]}")
                        .getBytes(StandardCharsets.UTF_8),
                0644);
        String file = name.substring(name.lastIndexOf('/') + 1).replace(':', '-') + "-oci.tar";
        return Files.write(dir.resolve(file), archive.finish());
    }

    /** A JSON array of plain strings (no quotes or backslashes in them: ours are literals). */
    private static String json(List<String> strings) {
        return strings.stream().map(a -> "\"" + a + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    private static String blob(TarWriter archive, byte[] data) {
        try {
            String hex = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(data));
            archive.file("blobs/sha256/" + hex, data, 0644);
            return "sha256:" + hex;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

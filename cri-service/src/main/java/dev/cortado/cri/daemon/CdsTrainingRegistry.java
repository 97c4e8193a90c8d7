package dev.cortado.cri.daemon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A registry on loopback for {@link CdsTraining}'s pull (plain HTTP, as the daemon uses for any
 * loopback registry): one image {@code cds/training:1}, one gzip'd layer with a directory, a file
 * and a symbolic link, served by the JDK's HTTP server (the distribution API's GET and HEAD of
 * {@code /v2/}, manifests and blobs). Only for the training run: it loads the pull path's classes.
 */
final class CdsTrainingRegistry implements AutoCloseable {
    static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    private final HttpServer server;
    private final Map<String, byte[]> blobs;
    private final byte[] manifest;

    private CdsTrainingRegistry(HttpServer server, Map<String, byte[]> blobs, byte[] manifest) {
        this.server = server;
        this.blobs = blobs;
        this.manifest = manifest;
    }

    static CdsTrainingRegistry start() throws IOException {
        byte[] tar = layerTar();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar);
        }
        byte[] layer = gz.toByteArray();
        byte[] config =
                ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":[\"PATH=/bin\"],\"Cmd\":[\"sh\"]},"
                                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + digest(tar) + "\"]}}")
                        .getBytes(StandardCharsets.UTF_8);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST_TYPE + "\",\"config\":{\"mediaType\":"
                        + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + digest(config) + "\",\"size\":"
                        + config.length
                        + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
                        + digest(layer)
                        + "\",\"size\":" + layer.length + "}]}")
                .getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        CdsTrainingRegistry registry =
                new CdsTrainingRegistry(server, Map.of(digest(layer), layer, digest(config), config), manifest);
        server.createContext("/v2/", registry::handle);
        server.start();
        return registry;
    }

    /** The image's reference, {@code 127.0.0.1:PORT/cds/training:1}. */
    String image() {
        return "127.0.0.1:" + server.getAddress().getPort() + "/cds/training:1";
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body = null;
        String type = "application/octet-stream";
        if (path.equals("/v2/")) {
            body = "{}".getBytes(StandardCharsets.UTF_8);
        } else if (path.startsWith("/v2/cds/training/manifests/")) {
            body = manifest;
            type = MANIFEST_TYPE;
            exchange.getResponseHeaders().set("Docker-Content-Digest", digest(manifest));
        } else if (path.startsWith("/v2/cds/training/blobs/")) {
            body = blobs.get(path.substring(path.lastIndexOf('/') + 1));
        }
        exchange.getResponseHeaders().set("Content-Type", type);
        if (body == null) {
            exchange.sendResponseHeaders(404, -1);
        } else if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(200, -1);
        } else {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    private static byte[] layerTar() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry dir = new TarArchiveEntry("bin/");
            dir.setMode(0755);
            tar.putArchiveEntry(dir);
            tar.closeArchiveEntry();
            byte[] data = "#!/bin/sh\necho training\n".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry file = new TarArchiveEntry("bin/training");
            file.setSize(data.length);
            file.setMode(0755);
            tar.putArchiveEntry(file);
            tar.write(data);
            tar.closeArchiveEntry();
            TarArchiveEntry link = new TarArchiveEntry("bin/sh", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("training");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    private static String digest(byte[] data) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

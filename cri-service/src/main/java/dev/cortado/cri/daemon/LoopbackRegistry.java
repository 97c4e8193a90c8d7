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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A registry on loopback serving one image, {@code warmup/pull:1}, whose layers are the given
 * tars gzip'd (plain HTTP, as the daemon uses for any loopback registry; the distribution API's GET
 * and HEAD of {@code /v2/}, manifests and blobs, by the JDK's HTTP server on a random port). For
 * the pulls that load and compile the pull path before kubelet's first: {@link CdsTraining}'s (the
 * class data sharing archive) and {@link PullWarmup}'s (the JIT, at every start).
 */
final class LoopbackRegistry implements AutoCloseable {
    static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    private static final String REPOSITORY = "warmup/pull";
    private final HttpServer server;
    private final Map<String, byte[]> blobs;
    private final byte[] manifest;

    private LoopbackRegistry(HttpServer server, Map<String, byte[]> blobs, byte[] manifest) {
        this.server = server;
        this.blobs = blobs;
        this.manifest = manifest;
    }

    /** Serves an image of {@code tars}, one layer each, bottom first, gzip'd at the fastest level. */
    static LoopbackRegistry start(List<byte[]> tars) throws IOException {
        Map<String, byte[]> blobs = new HashMap<>();
        StringBuilder diffIds = new StringBuilder();
        StringBuilder layers = new StringBuilder();
        for (byte[] tar : tars) {
            byte[] layer = gzip(tar);
            blobs.put(digest(layer), layer);
            diffIds.append(diffIds.length() == 0 ? "" : ",")
                    .append('"')
                    .append(digest(tar))
                    .append('"');
            layers.append(layers.length() == 0 ? "" : ",")
                    .append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"")
                    .append(digest(layer))
                    .append("\",\"size\":")
                    .append(layer.length)
                    .append('}');
        }
        byte[] config =
                ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":[\"PATH=/bin\"],\"Cmd\":[\"sh\"]},"
                                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]}}")
                        .getBytes(StandardCharsets.UTF_8);
        blobs.put(digest(config), config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST_TYPE + "\",\"config\":{\"mediaType\":"
                        + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + digest(config) + "\",\"size\":"
                        + config.length + "},\"layers\":[" + layers + "]}")
                .getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        LoopbackRegistry registry = new LoopbackRegistry(server, Map.copyOf(blobs), manifest);
        server.createContext("/v2/", registry::handle);
        server.start();
        return registry;
    }

    /** The image's reference, {@code 127.0.0.1:PORT/warmup/pull:1}. */
    String image() {
        return "127.0.0.1:" + server.getAddress().getPort() + "/" + REPOSITORY + ":1";
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body = null;
        String type = "application/octet-stream";
        if (path.equals("/v2/")) {
            body = "{}".getBytes(StandardCharsets.UTF_8);
        } else if (path.startsWith("/v2/" + REPOSITORY + "/manifests/")) {
            body = manifest;
            type = MANIFEST_TYPE;
            exchange.getResponseHeaders().set("Docker-Content-Digest", digest(manifest));
        } else if (path.startsWith("/v2/" + REPOSITORY + "/blobs/")) {
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

    private static byte[] gzip(byte[] tar) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(tar.length / 2 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gz.write(tar);
        }
        return out.toByteArray();
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

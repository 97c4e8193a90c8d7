package dev.cortado.integration.containers;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code docker-registry} (distribution v2) on 127.0.0.1 with a free port and its own
 * storage under a directory, filled with the OCI distribution push calls. Both runtimes pull
 * from it in plain HTTP with no configuration, as containerd 1.6 does for any loopback registry.
 */
public final class ImageRegistry implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/docker-registry");
    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String authority;
    private final Process process;

    private ImageRegistry(String authority, Process process) {
        this.authority = authority;
        this.process = process;
    }

    /** Starts it with storage under {@code dir} and waits until {@code /v2/} answers 200. */
    public static ImageRegistry start(Path dir) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String authority = "127.0.0.1:" + port;
        Files.createDirectories(dir);
        Path config = Files.writeString(
                dir.resolve("config.yml"),
                "version: 0.1\nlog:\n  level: warn\nstorage:\n" + "  filesystem:\n    rootdirectory: "
                        + dir.resolve("storage") + "\nhttp:\n  addr: " + authority + "\n");
        Process process = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile())
                .start();
        ImageRegistry registry = new ImageRegistry(authority, process);
        for (int i = 0; i < 300; i++) {
            try {
                if (registry.http
                                .send(
                                        HttpRequest.newBuilder(registry.uri("/v2/"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return registry;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!process.isAlive()) {
                throw new IOException("docker-registry exited: " + Files.readString(dir.resolve("registry.log")));
            }
            Thread.sleep(100);
        }
        registry.close();
        throw new IOException("docker-registry did not answer on " + authority + " within 30 s");
    }

    /** {@code 127.0.0.1:PORT}, the host part of image references. */
    public String authority() {
        return authority;
    }

    /** Pushes {@code image} as {@code repo:tag}; returns the reference {@code authority/repo:tag}. */
    public String push(String repo, String tag, OciImage image) throws IOException, InterruptedException {
        for (byte[] blob : image.blobs()) {
            pushBlob(repo, blob);
        }
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(uri("/v2/" + repo + "/manifests/" + tag))
                        .header("Content-Type", OciImage.MANIFEST_TYPE)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(image.manifest()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IOException(
                    "manifest upload of " + repo + ":" + tag + " failed: " + r.statusCode() + " " + r.body());
        }
        return authority + "/" + repo + ":" + tag;
    }

    /** The monolithic POST-then-PUT upload of the distribution spec. */
    private void pushBlob(String repo, byte[] blob) throws IOException, InterruptedException {
        HttpResponse<Void> start = http.send(
                HttpRequest.newBuilder(uri("/v2/" + repo + "/blobs/uploads/"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        String location = start.headers()
                .firstValue("Location")
                .orElseThrow(() -> new IOException("no upload location for " + repo + ": " + start.statusCode()));
        URI put = uri("/").resolve(location);
        put = URI.create(put + (put.getQuery() == null ? "?" : "&") + "digest=" + OciImage.digest(blob));
        HttpResponse<String> done = http.send(
                HttpRequest.newBuilder(put)
                        .header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(blob))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (done.statusCode() != 201) {
            throw new IOException("blob upload to " + repo + " failed: " + done.statusCode() + " " + done.body());
        }
    }

    private URI uri(String path) {
        return URI.create("http://" + authority + path);
    }

    @Override
    public void close() throws IOException {
        try {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while closing " + this);
        }
    }
}

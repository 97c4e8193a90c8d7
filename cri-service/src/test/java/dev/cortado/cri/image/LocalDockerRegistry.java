package dev.cortado.cri.image;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Debian's {@code docker-registry} (distribution v2) started on 127.0.0.1 with a random port and
 * its own storage, optionally behind htpasswd Basic auth, plus the OCI distribution push calls the
 * tests use to fill it.
 */
final class LocalDockerRegistry implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/docker-registry");
    private final Process process;
    final String authority;
    static final Path HTPASSWD = Path.of("/usr/bin/htpasswd");
    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String authorization;

    LocalDockerRegistry(Path dir) throws IOException, InterruptedException {
        this(dir, "", null);
    }

    /**
     * A registry that wants Basic {@code user:password} for everything ({@code auth: htpasswd},
     * bcrypt entries written by {@code htpasswd -Bbn} from apache2-utils).
     */
    static LocalDockerRegistry withHtpasswd(Path dir, String user, String password)
            throws IOException, InterruptedException {
        Process htpasswd = new ProcessBuilder(HTPASSWD.toString(), "-Bbn", user, password).start();
        byte[] entry = htpasswd.getInputStream().readAllBytes();
        if (htpasswd.waitFor() != 0) {
            throw new IOException(
                    "htpasswd failed: " + new String(htpasswd.getErrorStream().readAllBytes()));
        }
        Files.write(dir.resolve("htpasswd"), entry);
        return new LocalDockerRegistry(
                dir,
                "auth:\n  htpasswd:\n    realm: cortado-test\n    path: " + dir.resolve("htpasswd") + "\n",
                "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes()));
    }

    /** A registry that wants Bearer tokens from {@code tokens}; pushes carry {@code pushToken}. */
    static LocalDockerRegistry withTokenAuth(Path dir, TokenServer tokens, String pushToken)
            throws IOException, InterruptedException {
        return new LocalDockerRegistry(
                dir,
                "auth:\n  token:\n    realm: " + tokens.realm() + "\n    service: "
                        + TokenServer.SERVICE + "\n    issuer: " + TokenServer.ISSUER + "\n    rootcertbundle: "
                        + tokens.certificate() + "\n",
                "Bearer " + pushToken);
    }

    private LocalDockerRegistry(Path dir, String auth, String authorization) throws IOException, InterruptedException {
        this.authorization = authorization;
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        authority = "127.0.0.1:" + port;
        Path config = dir.resolve("config.yml");
        Files.writeString(
                config,
                "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: "
                        + dir.resolve("storage") + "\n  delete:\n    enabled: true\nhttp:\n  addr: " + authority + "\n"
                        + auth);
        process = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile())
                .start();
        for (int i = 0; i < 300; i++) {
            try {
                if (http.send(request(uri("/v2/")).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the registry is still starting
            }
            if (!process.isAlive()) {
                throw new IOException("docker-registry exited: " + Files.readString(dir.resolve("registry.log")));
            }
            Thread.sleep(100);
        }
        close();
        throw new IOException("docker-registry did not start on " + authority);
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
        return authorization == null ? builder : builder.header("Authorization", authorization);
    }

    URI uri(String path) {
        return URI.create("http://" + authority + path);
    }

    /** Uploads a blob with the monolithic POST-then-PUT flow of the distribution spec. */
    void pushBlob(String repo, byte[] blob) throws IOException, InterruptedException {
        String digest = dev.cortado.cri.image.reference.Digest.sha256(blob).toString();
        HttpResponse<Void> start = http.send(
                request(uri("/v2/" + repo + "/blobs/uploads/"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        String location =
                start.headers().firstValue("Location").orElseThrow(() -> new IOException("no upload location"));
        URI put = uri("/").resolve(location);
        put = URI.create(put + (put.getQuery() == null ? "?" : "&") + "digest=" + digest);
        HttpResponse<String> done = http.send(
                request(put)
                        .header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(blob))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (done.statusCode() != 201) {
            throw new IOException("blob upload failed: " + done.statusCode() + " " + done.body());
        }
    }

    /** Puts a manifest or index under a tag. */
    void pushManifest(String repo, String tag, String mediaType, String json) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                request(uri("/v2/" + repo + "/manifests/" + tag))
                        .header("Content-Type", mediaType)
                        .PUT(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IOException("manifest upload failed: " + r.statusCode() + " " + r.body());
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

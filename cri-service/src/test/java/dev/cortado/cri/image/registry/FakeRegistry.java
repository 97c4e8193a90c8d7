package dev.cortado.cri.image.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cortado.cri.image.reference.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An in-JVM distribution registry on loopback for the odd cases a real registry will not
 * produce: scripted faults, challenges of every shape, redirects, truncated and stalled bodies.
 */
public final class FakeRegistry implements AutoCloseable {
    /** A request as the server saw it. */
    public record Seen(String method, String path, Map<String, List<String>> headers) {
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst()
                    .orElse(null);
        }
    }

    /** A scripted answer: returns true when it fully handled the exchange. */
    interface Fault {
        boolean handle(HttpExchange exchange) throws IOException;
    }

    final HttpServer server;
    final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
    final Map<String, String> manifestTypes = new ConcurrentHashMap<>();
    public final List<Seen> seen = new CopyOnWriteArrayList<>();
    final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    volatile String challenge;
    volatile Function<String, Boolean> authorizationCheck = a -> true;
    volatile int tokenRequests;

    public FakeRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String authority() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public Digest putBlob(byte[] content) {
        Digest d = Digest.sha256(content);
        blobs.put(d.toString(), content);
        return d;
    }

    /** Serves {@code content} as the blob {@code digest}, which it is not: a registry that lies. */
    public void putBlobAs(Digest digest, byte[] content) {
        blobs.put(digest.toString(), content);
    }

    public Digest putManifest(String repo, String tag, String mediaType, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        Digest d = Digest.sha256(bytes);
        for (String ref : new String[] {tag, d.toString()}) {
            manifests.put(repo + ":" + ref, bytes);
            manifestTypes.put(repo + ":" + ref, mediaType);
        }
        return d;
    }

    /** Require Basic {@code user:pass} from now on. */
    public void requireBasic(String user, String pass) {
        String expected =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
        challenge = "Basic realm=\"fake\"";
        authorizationCheck = expected::equals;
    }

    /** Require a Bearer token that {@code /token} hands out to {@code user:pass}. */
    void requireBearer(String user, String pass) {
        String basic =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
        server.createContext("/token", exchange -> {
            seen.add(new Seen(
                    exchange.getRequestMethod(), exchange.getRequestURI().toString(), exchange.getRequestHeaders()));
            tokenRequests++;
            boolean ok = basic.equals(exchange.getRequestHeaders().getFirst("Authorization"));
            String scope = exchange.getRequestURI().getQuery();
            respond(
                    exchange,
                    ok ? 200 : 401,
                    ok ? ("{\"token\":\"tok-" + scope.hashCode() + "\",\"expires_in\":300}").getBytes() : new byte[0]);
        });
        challenge = "Bearer service=\"fake\",scope=\"x\",realm=\"http://" + authority() + "/token\"";
        authorizationCheck = a -> a != null && a.startsWith("Bearer tok-");
    }

    private void handle(HttpExchange exchange) throws IOException {
        seen.add(new Seen(
                exchange.getRequestMethod(), exchange.getRequestURI().toString(), exchange.getRequestHeaders()));
        Fault fault = faults.poll();
        if (fault != null && fault.handle(exchange)) {
            return;
        }
        if (challenge != null
                && !Boolean.TRUE.equals(
                        authorizationCheck.apply(exchange.getRequestHeaders().getFirst("Authorization")))) {
            exchange.getResponseHeaders().add("WWW-Authenticate", challenge);
            respond(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}".getBytes());
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/v2/")) {
            respond(exchange, 200, "{}".getBytes());
            return;
        }
        int manifests = path.indexOf("/manifests/");
        int blobsAt = path.indexOf("/blobs/");
        if (manifests > 0) {
            String key = path.substring(4, manifests) + ":" + path.substring(manifests + 11);
            byte[] body = this.manifests.get(key);
            if (body != null) {
                exchange.getResponseHeaders().add("Content-Type", manifestTypes.get(key));
            }
            respond(exchange, body == null ? 404 : 200, body == null ? new byte[0] : body);
        } else if (blobsAt > 0) {
            serveBlob(exchange, blobs.get(path.substring(blobsAt + 7)));
        } else {
            respond(exchange, 404, new byte[0]);
        }
    }

    static void serveBlob(HttpExchange exchange, byte[] blob) throws IOException {
        if (blob == null) {
            respond(exchange, 404, new byte[0]);
            return;
        }
        String range = exchange.getRequestHeaders().getFirst("Range");
        if (range != null && range.startsWith("bytes=")) {
            int start = Integer.parseInt(range.substring(6, range.indexOf('-')));
            exchange.getResponseHeaders()
                    .add("Content-Range", "bytes " + start + "-" + (blob.length - 1) + "/" + blob.length);
            respond(exchange, 206, java.util.Arrays.copyOfRange(blob, start, blob.length));
        } else {
            respond(exchange, 200, blob);
        }
    }

    static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

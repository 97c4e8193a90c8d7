package dev.cortado.cri.image;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;

/**
 * A docker token server for the real registry: hands out RS256 JWTs, signed with a key whose
 * self-signed certificate (made by the JDK's keytool) is the registry's {@code rootcertbundle},
 * to callers presenting Basic {@code user:password}; the {@code kid} is libtrust's key id.
 */
final class TokenServer implements AutoCloseable {
    static final String SERVICE = "cortado-registry";
    static final String ISSUER = "cortado-test-issuer";
    static final Path KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool");
    private final HttpServer server;
    private final PrivateKey key;
    private final String kid;
    private final Path certificate;
    private final String expectedBasic;
    volatile int issued;

    TokenServer(Path dir, String user, String password) throws Exception {
        Path store = dir.resolve("token.p12");
        certificate = dir.resolve("token.pem");
        keytool(
                "-genkeypair",
                "-alias",
                "t",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=token",
                "-validity",
                "2",
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit");
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "t",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit",
                "-file",
                certificate.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        key = (PrivateKey) ks.getKey("t", "changeit".toCharArray());
        kid = libtrustKeyId(ks.getCertificate("t").getPublicKey().getEncoded());
        expectedBasic =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", this::handle);
        server.start();
    }

    String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    Path certificate() {
        return certificate;
    }

    /** A token granting {@code actions} (such as {@code pull,push}) on {@code repo}. */
    String token(String repo, String actions) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String header = "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}";
        String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"test\",\"aud\":\"" + SERVICE + "\",\"exp\":"
                + (now + 600)
                + ",\"nbf\":" + (now - 60) + ",\"iat\":" + now + ",\"jti\":\"" + System.nanoTime() + "\",\"access\":["
                + "{\"type\":\"repository\",\"name\":\"" + repo + "\",\"actions\":[\"" + actions.replace(",", "\",\"")
                + "\"]}]}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signed = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(key);
        rs256.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + b64.encodeToString(rs256.sign());
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        int status;
        String query = exchange.getRequestURI().getRawQuery() == null
                ? ""
                : exchange.getRequestURI().getRawQuery();
        String scope = "";
        for (String pair : query.split("&")) {
            if (pair.startsWith("scope=")) {
                scope = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
            }
        }
        String[] parts = scope.split(":");
        if (!expectedBasic.equals(exchange.getRequestHeaders().getFirst("Authorization")) || parts.length != 3) {
            status = 401;
            body = "{\"details\":\"bad credentials\"}".getBytes(StandardCharsets.UTF_8);
        } else {
            try {
                body = ("{\"token\":\"" + token(parts[1], parts[2]) + "\",\"expires_in\":600}")
                        .getBytes(StandardCharsets.UTF_8);
                status = 200;
                issued++;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** libtrust's KeyID: base32 of the first 240 bits of SHA-256 over the DER SPKI, in groups of 4. */
    static String libtrustKeyId(byte[] spki) throws Exception {
        byte[] hash =
                java.util.Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(spki), 30);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : hash) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        return String.join(":", out.toString().split("(?<=\\G.{4})"));
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = KEYTOOL.toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("keytool failed: " + out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package dev.cortado.integration.cri;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.zip.Deflater;
import javax.net.ssl.SSLContext;

/**
 * A SPDY/3 client of a CRI streaming URL written from the spec, independent of Netty and of the
 * server's code, as crictl and kubelet speak it: an HTTP upgrade ({@code https://} first does TLS
 * with the given context), then frames by hand (header blocks deflated without the dictionary,
 * which zlib allows; the server's header blocks are skipped). Like moby/spdystream it never sends
 * WINDOW_UPDATE. What arrives on a stream is counted and digested, the first MiB kept.
 */
public final class SpdyClient implements AutoCloseable {
    private final Socket socket;
    private final int status;
    private final Map<String, String> responseHeaders = new LinkedHashMap<>();
    private final DataOutputStream out;
    private final DataInputStream in;
    private final Deflater deflater = new Deflater();
    private final Map<Integer, Stream> streams = new ConcurrentHashMap<>();
    private int nextId = 1;
    private volatile boolean eof;

    /** What arrived on one stream. */
    public static final class Stream {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final MessageDigest digest;
        private long bytes;
        private boolean fin;
        private boolean reset;

        Stream() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        public synchronized String text() {
            return kept.toString(StandardCharsets.UTF_8);
        }

        public synchronized long bytes() {
            return bytes;
        }

        /** Hex SHA-256 of everything that arrived. */
        public synchronized String sha256() {
            try {
                return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private SpdyClient(URI uri, SSLContext tls, String... protocols) throws IOException {
        socket = uri.getScheme().equals("https")
                ? tls.getSocketFactory().createSocket(uri.getHost(), uri.getPort())
                : new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(120_000);
        out = new DataOutputStream(new java.io.BufferedOutputStream(socket.getOutputStream(), 1 << 16));
        in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 1 << 16));
        StringBuilder req = new StringBuilder("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost()
                + "\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nContent-Length: 0\r\n");
        for (String p : protocols) {
            req.append("X-Stream-Protocol-Version: ").append(p).append("\r\n");
        }
        out.write(req.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        status = Integer.parseInt(line(in).split(" ")[1]);
        for (String h; !(h = line(in)).isEmpty(); ) {
            int colon = h.indexOf(':');
            responseHeaders.put(
                    h.substring(0, colon).toLowerCase(), h.substring(colon + 1).trim());
        }
    }

    /**
     * Connects to {@code url} offering {@code protocols} ({@code X-Stream-Protocol-Version}); an
     * {@code https} URL is spoken to with {@code tls}. Fails unless the server switches to SPDY.
     */
    public static SpdyClient connect(String url, SSLContext tls, String... protocols) throws IOException {
        SpdyClient c = new SpdyClient(URI.create(url), tls, protocols);
        if (c.status != 101) {
            c.close();
            throw new IOException("SPDY upgrade of " + url + " answered " + c.status);
        }
        Thread reader = new Thread(c::readLoop, "spdy-client-reader");
        reader.setDaemon(true);
        reader.start();
        return c;
    }

    /** The negotiated {@code X-Stream-Protocol-Version}. */
    public String protocol() {
        return responseHeaders.get("x-stream-protocol-version");
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new EOFException("connection closed in the HTTP response");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    /** Opens a stream (SYN_STREAM) with these headers (name, value, name, value...); returns its id. */
    public synchronized int open(String... headers) throws IOException {
        int id = nextId;
        nextId += 2;
        streams.put(id, new Stream());
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        DataOutputStream b = new DataOutputStream(block);
        b.writeInt(headers.length / 2);
        for (int i = 0; i < headers.length; i++) {
            byte[] bytes = (i % 2 == 0 ? headers[i].toLowerCase() : headers[i]).getBytes(StandardCharsets.UTF_8);
            b.writeInt(bytes.length);
            b.write(bytes);
        }
        deflater.setInput(block.toByteArray());
        byte[] buf = new byte[4096];
        int n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
        out.writeShort(0x8003);
        out.writeShort(1); // SYN_STREAM
        out.writeInt(10 + n); // flags 0, length
        out.writeInt(id);
        out.writeInt(0);
        out.writeShort(0); // priority, slot
        out.write(buf, 0, n);
        out.flush();
        return id;
    }

    /** A DATA frame; {@code fin} half-closes the stream. */
    public synchronized void send(int id, byte[] data, int off, int len, boolean fin) throws IOException {
        out.writeInt(id & 0x7FFFFFFF);
        out.writeInt((fin ? 0x01000000 : 0) | len);
        out.write(data, off, len);
        out.flush();
    }

    public void send(int id, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        send(id, b, 0, b.length, false);
    }

    public void fin(int id) throws IOException {
        send(id, new byte[0], 0, 0, true);
    }

    /** Waits until the stream got FIN or RST (or the connection ended); an AssertionError after {@code seconds}. */
    public Stream awaitEnd(int id, long seconds) throws InterruptedException {
        return await(id, seconds, s -> s.fin || s.reset || eof, "end");
    }

    /** Waits until what arrived on the stream satisfies {@code done} (or the stream ends: check the text after). */
    public Stream awaitText(int id, long seconds, Predicate<String> done) throws InterruptedException {
        return await(id, seconds, s -> done.test(s.text()) || s.fin || s.reset || eof, "text");
    }

    /** Waits until {@code n} bytes arrived on the stream (or it ends: check {@link Stream#bytes()} after). */
    public Stream awaitBytes(int id, long n, long seconds) throws InterruptedException {
        return await(id, seconds, s -> s.bytes >= n || s.fin || s.reset || eof, n + " bytes");
    }

    private Stream await(int id, long seconds, Predicate<Stream> done, String what) throws InterruptedException {
        Stream s = streams.get(id);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (s) {
            while (!done.test(s)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(
                            "SPDY stream " + id + ": no " + what + " in " + seconds + " s; has " + s.text());
                }
                s.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        return s;
    }

    private void readLoop() {
        try {
            while (true) {
                int first = in.readInt();
                int flagsLength = in.readInt();
                int flags = flagsLength >>> 24;
                byte[] payload = new byte[flagsLength & 0xFFFFFF];
                in.readFully(payload);
                int id = first < 0
                        ? (payload.length >= 4
                                ? ((payload[0] & 0x7F) << 24)
                                        | ((payload[1] & 0xFF) << 16)
                                        | ((payload[2] & 0xFF) << 8)
                                        | (payload[3] & 0xFF)
                                : 0)
                        : first;
                Stream s = streams.get(id);
                if (s == null) {
                    continue; // SETTINGS, PING, WINDOW_UPDATE, GOAWAY
                }
                synchronized (s) {
                    int type = first < 0 ? first & 0xFFFF : 0;
                    if (first >= 0) {
                        s.bytes += payload.length;
                        s.digest.update(payload);
                        if (s.kept.size() < (1 << 20)) {
                            s.kept.write(payload);
                        }
                    }
                    s.fin |= (type == 0 || type == 2) && (flags & 1) != 0; // DATA or SYN_REPLY with FLAG_FIN
                    s.reset |= type == 3;
                    s.notifyAll();
                }
            }
        } catch (IOException e) {
            eof = true;
            streams.values().forEach(s -> {
                synchronized (s) {
                    s.notifyAll();
                }
            });
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

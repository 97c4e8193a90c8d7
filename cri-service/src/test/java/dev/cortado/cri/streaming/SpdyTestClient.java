package dev.cortado.cri.streaming;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.zip.Deflater;

/**
 * A SPDY/3 client written from the spec, independent of Netty: HTTP upgrade on a plain socket, then
 * frames by hand (header blocks deflated without the dictionary, which zlib allows; the server's
 * header blocks are skipped). Like moby/spdystream it never sends WINDOW_UPDATE.
 */
final class SpdyTestClient implements AutoCloseable {
    final Socket socket;
    final int status;
    final Map<String, String> responseHeaders = new LinkedHashMap<>();
    private final DataOutputStream out;
    private final DataInputStream in;
    private final Deflater deflater = new Deflater();
    private final Map<Integer, StreamState> streams = new ConcurrentHashMap<>();
    private int nextId = 1;
    volatile boolean goAway;
    volatile boolean eof;

    /** What arrived on one stream. */
    static final class StreamState {
        final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        final MessageDigest digest;
        long bytes;
        boolean replied;
        boolean fin;
        boolean reset;

        StreamState() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
        }

        synchronized String text() {
            return kept.toString(StandardCharsets.UTF_8);
        }

        synchronized String sha256() {
            try {
                return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    SpdyTestClient(String url, String... protocols) throws IOException {
        this(url, defaultTls(), protocols);
    }

    private static javax.net.ssl.SSLContext defaultTls() throws IOException {
        try {
            return javax.net.ssl.SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
    }

    /** For an {@code https://} URL: TLS first, trusting what {@code tls} trusts. */
    SpdyTestClient(String url, javax.net.ssl.SSLContext tls, String... protocols) throws IOException {
        URI uri = URI.create(url);
        socket = uri.getScheme().equals("https")
                ? tls.getSocketFactory().createSocket(uri.getHost(), uri.getPort())
                : new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(60_000);
        out = new DataOutputStream(socket.getOutputStream());
        in = new DataInputStream(socket.getInputStream());
        StringBuilder req = new StringBuilder("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost()
                + "\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nContent-Length: 0\r\n");
        for (String p : protocols) {
            req.append("X-Stream-Protocol-Version: ").append(p).append("\r\n");
        }
        out.write(req.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String statusLine = line(in);
        status = Integer.parseInt(statusLine.split(" ")[1]);
        for (String h; !(h = line(in)).isEmpty(); ) {
            int colon = h.indexOf(':');
            responseHeaders.put(
                    h.substring(0, colon).toLowerCase(), h.substring(colon + 1).trim());
        }
        if (status == 101) {
            Thread reader = new Thread(this::readLoop, "spdy-test-reader");
            reader.setDaemon(true);
            reader.start();
        }
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

    /** Opens a stream with these headers (name, value, name, value...); returns its id. */
    synchronized int open(String... headers) throws IOException {
        int id = nextId;
        nextId += 2;
        streams.put(id, new StreamState());
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        DataOutputStream b = new DataOutputStream(block);
        b.writeInt(headers.length / 2);
        for (int i = 0; i < headers.length; i++) {
            // spdy/3 2.6.10: names are lowercase (Go's framer lowercases http.Header keys)
            String h = i % 2 == 0 ? headers[i].toLowerCase() : headers[i];
            byte[] bytes = h.getBytes(StandardCharsets.UTF_8);
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

    synchronized void send(int id, byte[] data, int off, int len, boolean fin) throws IOException {
        out.writeInt(id & 0x7FFFFFFF);
        out.writeInt((fin ? 0x01000000 : 0) | len);
        out.write(data, off, len);
        out.flush();
    }

    void send(int id, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        send(id, b, 0, b.length, false);
    }

    void fin(int id) throws IOException {
        send(id, new byte[0], 0, 0, true);
    }

    synchronized void reset(int id) throws IOException {
        out.writeShort(0x8003);
        out.writeShort(3);
        out.writeInt(8);
        out.writeInt(id);
        out.writeInt(5); // CANCEL
        out.flush();
    }

    StreamState stream(int id) {
        return streams.get(id);
    }

    /** Waits until the stream got FIN or RST (or the connection ended). */
    StreamState awaitEnd(int id, long seconds) throws InterruptedException {
        StreamState s = streams.get(id);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (s) {
            while (!s.fin && !s.reset && !eof) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("stream " + id + " did not end in " + seconds + " s");
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
                if (first < 0) {
                    control(first & 0xFFFF, flags, payload);
                } else {
                    StreamState s = streams.get(first);
                    if (s != null) {
                        synchronized (s) {
                            s.bytes += payload.length;
                            s.digest.update(payload);
                            if (s.kept.size() < (1 << 20)) {
                                s.kept.write(payload);
                            }
                            s.fin |= (flags & 1) != 0;
                            s.notifyAll();
                        }
                    }
                }
            }
        } catch (IOException | AssertionError e) {
            eof = true;
            streams.values().forEach(s -> {
                synchronized (s) {
                    s.notifyAll();
                }
            });
        }
    }

    private void control(int type, int flags, byte[] payload) {
        int id = payload.length >= 4
                ? ((payload[0] & 0x7F) << 24)
                        | ((payload[1] & 0xFF) << 16)
                        | ((payload[2] & 0xFF) << 8)
                        | (payload[3] & 0xFF)
                : 0;
        StreamState s = streams.get(id);
        if (type == 2 && s != null) {
            // Go's framer fails the whole connection on a SYN_REPLY without a header block
            assertThat(payload.length).as("SYN_REPLY header block length").isGreaterThan(4);
            synchronized (s) {
                s.replied = true;
                s.fin |= (flags & 1) != 0;
                s.notifyAll();
            }
        } else if (type == 3 && s != null) {
            synchronized (s) {
                s.reset = true;
                s.notifyAll();
            }
        } else if (type == 7) {
            goAway = true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

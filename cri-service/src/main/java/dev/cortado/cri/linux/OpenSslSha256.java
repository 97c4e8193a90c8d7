package dev.cortado.cri.linux;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigestSpi;
import java.security.ProviderException;

/**
 * SHA-256 computed by OpenSSL's libcrypto ({@code EVP_Digest*}), which runs its assembly (SHA-NI
 * where the CPU has it) from the first byte: the JDK's own SHA-256 reaches that speed only once C2
 * has compiled it, which on a loaded node is well after the first image pull has hashed its
 * layers (issue 16: blob digests and diff ids are 2 x the image's size). Bytes are gathered in a
 * direct buffer and handed over {@link #BATCH} at a time, so a stream of 512-byte tar headers costs
 * few native calls.
 */
final class OpenSslSha256 extends MessageDigestSpi implements Cloneable {
    static final int LENGTH = 32;
    static final int BATCH = 1 << 16;
    private static final Cleaner CLEANER = Cleaner.create();

    private final Crypto crypto;
    private final Pointer md;
    private final Context context;
    private ByteBuffer pending; // direct, allocated at the first update; position = bytes waiting

    /** The libcrypto functions this needs (OpenSSL 1.1 and 3 export all of them). */
    interface Crypto extends Library {
        Pointer EVP_sha256();

        Pointer EVP_MD_CTX_new();

        void EVP_MD_CTX_free(Pointer ctx);

        int EVP_DigestInit_ex(Pointer ctx, Pointer type, Pointer engine);

        int EVP_DigestUpdate(Pointer ctx, ByteBuffer data, long count);

        int EVP_DigestFinal_ex(Pointer ctx, byte[] md, Pointer size);

        int EVP_MD_CTX_copy_ex(Pointer out, Pointer in);
    }

    /** An {@code EVP_MD_CTX}, freed when its digest is unreachable. */
    private static final class Context implements Runnable {
        private final Crypto crypto;
        private final Pointer ctx;

        Context(Crypto crypto) {
            this.crypto = crypto;
            this.ctx = crypto.EVP_MD_CTX_new();
            if (ctx == null) {
                throw new ProviderException("EVP_MD_CTX_new failed");
            }
        }

        @Override
        public void run() {
            crypto.EVP_MD_CTX_free(ctx);
        }
    }

    OpenSslSha256(Crypto crypto) {
        this(crypto, crypto.EVP_sha256());
        check(crypto.EVP_DigestInit_ex(context.ctx, md, null), "EVP_DigestInit_ex");
    }

    private OpenSslSha256(Crypto crypto, Pointer md) {
        this.crypto = crypto;
        this.md = md;
        this.context = newContext(crypto);
    }

    private Context newContext(Crypto crypto) {
        Context created = new Context(crypto);
        CLEANER.register(this, created);
        return created;
    }

    @Override
    protected int engineGetDigestLength() {
        return LENGTH;
    }

    @Override
    protected void engineUpdate(byte input) {
        engineUpdate(new byte[] {input}, 0, 1);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int length) {
        if (pending == null) {
            pending = ByteBuffer.allocateDirect(BATCH);
        }
        while (length > 0) {
            int n = Math.min(length, pending.remaining());
            pending.put(input, offset, n);
            offset += n;
            length -= n;
            if (!pending.hasRemaining()) {
                flush();
            }
        }
    }

    private void flush() {
        if (pending != null && pending.position() > 0) {
            int n = pending.position();
            pending.flip(); // JNA passes the buffer's address at position 0
            check(crypto.EVP_DigestUpdate(context.ctx, pending, n), "EVP_DigestUpdate");
            pending.clear();
        }
    }

    @Override
    protected byte[] engineDigest() {
        flush();
        byte[] out = new byte[LENGTH];
        check(crypto.EVP_DigestFinal_ex(context.ctx, out, null), "EVP_DigestFinal_ex");
        engineReset();
        return out;
    }

    @Override
    protected int engineDigest(byte[] buf, int offset, int len) throws DigestException {
        if (len < LENGTH) {
            throw new DigestException("a SHA-256 digest needs 32 bytes, got room for " + len);
        }
        System.arraycopy(engineDigest(), 0, buf, offset, LENGTH);
        return LENGTH;
    }

    @Override
    protected void engineReset() {
        if (pending != null) {
            pending.clear();
        }
        check(crypto.EVP_DigestInit_ex(context.ctx, md, null), "EVP_DigestInit_ex");
    }

    /** A copy with its own context and waiting bytes (the TLS-style transcript use of a digest). */
    @Override
    public Object clone() throws CloneNotSupportedException {
        OpenSslSha256 copy = new OpenSslSha256(crypto, md);
        check(crypto.EVP_MD_CTX_copy_ex(copy.context.ctx, context.ctx), "EVP_MD_CTX_copy_ex");
        if (pending != null && pending.position() > 0) {
            copy.pending = ByteBuffer.allocateDirect(BATCH);
            copy.pending.put(pending.duplicate().flip());
        }
        return copy;
    }

    private static void check(int result, String call) {
        if (result != 1) {
            throw new ProviderException(call + " failed");
        }
    }
}

package dev.cortado.cri.streaming;

import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Pending streaming requests under single-use tokens, as kubelet's {@code requestCache}: 128 random
 * bits (kubelet uses 64) from {@link SecureRandom}, URL-safe base64; a token is gone once consumed
 * or once its time to live passed; when {@code max} are pending, expired ones are dropped and if
 * none is, the new request is refused with RESOURCE_EXHAUSTED.
 */
final class TokenCache {
    private final SecureRandom random = new SecureRandom();
    private final LongSupplier nanoClock;
    private final long ttlNanos;
    private final int max;
    // insertion order = expiry order, since every entry has the same ttl
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private record Entry(StreamRequest request, long expiresAt) {}

    TokenCache(Duration ttl, int max, LongSupplier nanoClock) {
        this.ttlNanos = ttl.toNanos();
        this.max = max;
        this.nanoClock = nanoClock;
    }

    synchronized String insert(StreamRequest request) {
        long now = nanoClock.getAsLong();
        dropExpired(now);
        if (entries.size() >= max) {
            throw new CortadoException(
                    ErrorKind.RESOURCE_EXHAUSTED,
                    "streaming: " + max + " requests are already waiting for their client to connect");
        }
        byte[] bytes = new byte[16];
        String token;
        do {
            random.nextBytes(bytes);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (entries.containsKey(token));
        entries.put(token, new Entry(request, now + ttlNanos));
        return token;
    }

    /** The request under {@code token}, removing it; empty for an unknown, used or expired token. */
    synchronized Optional<StreamRequest> consume(String token) {
        Entry entry = entries.remove(token);
        if (entry == null || nanoClock.getAsLong() - entry.expiresAt() >= 0) {
            return Optional.empty();
        }
        return Optional.of(entry.request());
    }

    synchronized int pending() {
        dropExpired(nanoClock.getAsLong());
        return entries.size();
    }

    private void dropExpired(long now) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            if (now - it.next().expiresAt() >= 0) {
                it.remove();
            } else {
                break;
            }
        }
    }
}

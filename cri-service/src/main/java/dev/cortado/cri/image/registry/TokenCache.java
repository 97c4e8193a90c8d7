package dev.cortado.cri.image.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Bearer tokens by (realm, service, scope, identity), dropped a little before they expire.
 *
 * <p>The identity part is a hash of the credentials so that two pulls with different credentials
 * never share a token.
 */
final class TokenCache {
    /** What a token was issued for. */
    record Key(String realm, String service, String scope, int identity) {}

    private record Entry(String token, Instant expires) {}

    private static final Duration MARGIN = Duration.ofSeconds(10);
    private final Clock clock;
    private final ConcurrentMap<Key, Entry> tokens = new ConcurrentHashMap<>();

    TokenCache(Clock clock) {
        this.clock = clock;
    }

    Optional<String> get(Key key) {
        Entry entry = tokens.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.expires)) {
            tokens.remove(key, entry);
            return Optional.empty();
        }
        return Optional.of(entry.token);
    }

    void put(Key key, String token, Duration lifetime) {
        Duration usable = lifetime.compareTo(MARGIN.multipliedBy(2)) > 0 ? lifetime.minus(MARGIN) : lifetime;
        tokens.put(key, new Entry(token, clock.instant().plus(usable)));
    }

    void invalidate(Key key) {
        tokens.remove(key);
    }
}

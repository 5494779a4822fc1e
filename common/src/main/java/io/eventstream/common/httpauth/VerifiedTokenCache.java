package io.eventstream.common.httpauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * A {@link JwtDecoder} that remembers the tokens it verified: the RS256 signature check (and the
 * parse) was the largest single cost of an order-service request (issue 19's profile: BigInteger
 * frames on every request), and a client sends the same token with every request.
 *
 * <p>Keyed by the exact token string, so a hit is the same signed bytes that verified. Only a token
 * the delegate accepted is stored (a bad signature, an expired or not-yet-valid token never is), and
 * only one with an {@code exp}; an entry is used only while now is before both the token's
 * {@code exp} (no clock skew on a hit: past it, the delegate decides again) and {@code maxAge} after
 * it was verified, which bounds how long a token verified by a since-rotated or withdrawn key
 * (a JWK set) stays accepted: 5 minutes by default, as Spring's own JWK set cache. Bounded: when
 * full, expired entries go, then arbitrary ones (a miss only costs a verification).
 */
final class VerifiedTokenCache implements JwtDecoder {

    private record Entry(Jwt jwt, Instant usableUntil) {
    }

    private final JwtDecoder delegate;
    private final int maxSize;
    private final Duration maxAge;
    private final Clock clock;
    private final Map<String, Entry> verified = new ConcurrentHashMap<>();

    VerifiedTokenCache(JwtDecoder delegate, int maxSize, Duration maxAge, Clock clock) {
        if (maxSize < 1 || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("a token cache needs a size and an age above zero");
        }
        this.delegate = delegate;
        this.maxSize = maxSize;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Instant now = clock.instant();
        Entry hit = verified.get(token);
        if (hit != null) {
            if (now.isBefore(hit.usableUntil())) {
                return hit.jwt();
            }
            verified.remove(token, hit);
        }
        Jwt jwt = delegate.decode(token);
        Instant expiresAt = jwt.getExpiresAt();
        if (expiresAt != null) {
            Instant until = now.plus(maxAge);
            Entry entry = new Entry(jwt, expiresAt.isBefore(until) ? expiresAt : until);
            if (now.isBefore(entry.usableUntil())) {
                makeRoom(now);
                verified.put(token, entry);
            }
        }
        return jwt;
    }

    int size() {
        return verified.size();
    }

    /** Forgets every verified token (e.g. when the verification keys change). */
    void clear() {
        verified.clear();
    }

    private void makeRoom(Instant now) {
        if (verified.size() < maxSize) {
            return;
        }
        verified.values().removeIf(e -> !now.isBefore(e.usableUntil()));
        if (verified.size() < maxSize) {
            return;
        }
        // Still full of live tokens: drop about a tenth, whichever the map yields first.
        Iterator<String> tokens = verified.keySet().iterator();
        int excess = verified.size() - maxSize + Math.max(1, maxSize / 10);
        while (excess-- > 0 && tokens.hasNext()) {
            tokens.next();
            tokens.remove();
        }
    }
}

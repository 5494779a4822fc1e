package io.eventstream.common.httpauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventstream.common.jwt.JwtKeyFiles;
import io.eventstream.common.jwt.TokenMinter;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/** The verified-token cache around Spring's real RS256 decoder, and its limits with a clock of its own. */
class VerifiedTokenCacheTest {

    private static final KeyPair KEYS = JwtKeyFiles.generate();
    private static final KeyPair OTHER_KEYS = JwtKeyFiles.generate();

    private final MutableClock clock = new MutableClock(Instant.now());
    private final Counting nimbus = new Counting(NimbusJwtDecoder.withPublicKey((RSAPublicKey) KEYS.getPublic()).build());

    @Test
    void aVerifiedTokenIsVerifiedOnceAndAnswersTheSameClaims() {
        VerifiedTokenCache cache = new VerifiedTokenCache(nimbus, 100, Duration.ofMinutes(5), clock);
        String token = minter(KEYS).customer("c1", Duration.ofHours(1));

        Jwt first = cache.decode(token);
        Jwt second = cache.decode(token);

        assertThat(nimbus.calls.get()).isEqualTo(1);
        assertThat(second.getSubject()).isEqualTo("c1").isEqualTo(first.getSubject());
        assertThat(second.getTokenValue()).isEqualTo(token);
    }

    @Test
    void aBadSignatureIsNeverCachedAndAlwaysRefused() {
        VerifiedTokenCache cache = new VerifiedTokenCache(nimbus, 100, Duration.ofMinutes(5), clock);
        String forged = minter(OTHER_KEYS).operator(Duration.ofHours(1));
        String good = minter(KEYS).customer("c1", Duration.ofHours(1));
        cache.decode(good);
        // The forged token's signature swapped onto the good one's claims, and the other way round.
        String[] g = good.split("\\.");
        String[] f = forged.split("\\.");

        for (String bad : new String[] {forged, g[0] + "." + f[1] + "." + g[2], g[0] + "." + g[1] + "." + f[2]}) {
            assertThatThrownBy(() -> cache.decode(bad)).isInstanceOf(BadJwtException.class);
            assertThatThrownBy(() -> cache.decode(bad)).isInstanceOf(BadJwtException.class);
        }
        assertThat(cache.size()).isEqualTo(1);
        assertThat(nimbus.calls.get()).isEqualTo(1 + 6);
    }

    @Test
    void anExpiredTokenIsRefusedByTheDecoderNotAnsweredFromTheCache() {
        VerifiedTokenCache cache = new VerifiedTokenCache(nimbus, 100, Duration.ofMinutes(5), clock);
        // Minted 150 s ago for 2 minutes: 30 s past exp, still inside Spring's 60 s clock skew.
        String token = new TokenMinter((java.security.interfaces.RSAPrivateKey) KEYS.getPrivate(),
                Clock.fixed(Instant.now().minusSeconds(150), ZoneOffset.UTC)).customer("c1", Duration.ofMinutes(2));
        cache.decode(token);
        assertThat(cache.size()).isZero();

        String old = new TokenMinter((java.security.interfaces.RSAPrivateKey) KEYS.getPrivate(),
                Clock.fixed(Instant.now().minusSeconds(600), ZoneOffset.UTC)).customer("c1", Duration.ofMinutes(2));
        assertThatThrownBy(() -> cache.decode(old)).isInstanceOf(JwtValidationException.class);
        assertThat(cache.size()).isZero();
    }

    @Test
    void anEntryIsNotUsedAtOrAfterTheTokensExp() {
        Instant exp = clock.instant().plusSeconds(30);
        Counting fake = new Counting(token -> jwt(token, exp));
        VerifiedTokenCache cache = new VerifiedTokenCache(fake, 100, Duration.ofMinutes(5), clock);

        cache.decode("t");
        clock.now = exp.minusMillis(1);
        cache.decode("t");
        assertThat(fake.calls.get()).isEqualTo(1);
        clock.now = exp;
        cache.decode("t");
        assertThat(fake.calls.get()).isEqualTo(2);
    }

    @Test
    void anEntryIsNotUsedPastItsMaxAgeSoAWithdrawnKeyStopsWorking() {
        Instant exp = clock.instant().plus(Duration.ofHours(8));
        AtomicInteger withdrawn = new AtomicInteger();
        Counting fake = new Counting(token -> {
            if (withdrawn.get() > 0) {
                throw new BadJwtException("signed by a key no longer in the JWK set");
            }
            return jwt(token, exp);
        });
        VerifiedTokenCache cache = new VerifiedTokenCache(fake, 100, Duration.ofMinutes(5), clock);
        cache.decode("t");
        withdrawn.set(1);

        clock.now = clock.now.plus(Duration.ofMinutes(4));
        assertThat(cache.decode("t").getTokenValue()).isEqualTo("t");
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        assertThatThrownBy(() -> cache.decode("t")).isInstanceOf(BadJwtException.class);
        assertThat(cache.size()).isZero();
    }

    @Test
    void aTokenWithoutExpIsNeverCached() {
        Counting fake = new Counting(token -> jwt(token, null));
        VerifiedTokenCache cache = new VerifiedTokenCache(fake, 100, Duration.ofMinutes(5), clock);

        cache.decode("t");
        cache.decode("t");

        assertThat(fake.calls.get()).isEqualTo(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void theCacheStaysWithinItsSize() {
        Instant exp = clock.instant().plus(Duration.ofHours(1));
        Counting fake = new Counting(token -> jwt(token, exp));
        VerifiedTokenCache cache = new VerifiedTokenCache(fake, 50, Duration.ofMinutes(5), clock);

        for (int i = 0; i < 1000; i++) {
            assertThat(cache.decode("t" + i).getTokenValue()).isEqualTo("t" + i);
            assertThat(cache.size()).isLessThanOrEqualTo(50);
        }
        int before = fake.calls.get();
        cache.decode("t999");
        assertThat(fake.calls.get()).isEqualTo(before);
    }

    private static TokenMinter minter(KeyPair keys) {
        return new TokenMinter((java.security.interfaces.RSAPrivateKey) keys.getPrivate(), Clock.systemUTC());
    }

    private Jwt jwt(String token, Instant exp) {
        Jwt.Builder b = Jwt.withTokenValue(token).header("alg", "RS256").subject("c1")
                .issuedAt(clock.instant().minusSeconds(1));
        return (exp == null ? b : b.expiresAt(exp)).build();
    }

    private static final class Counting implements JwtDecoder {
        final AtomicInteger calls = new AtomicInteger();
        final JwtDecoder delegate;

        Counting(JwtDecoder delegate) {
            this.delegate = delegate;
        }

        @Override
        public Jwt decode(String token) {
            calls.incrementAndGet();
            return delegate.decode(token);
        }
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}

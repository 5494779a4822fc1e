package io.eventstream.common.testing;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.eventstream.common.jwt.JwtKeyFiles;
import io.eventstream.common.jwt.TokenMinter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Bearer tokens for tests, signed by a key pair made for this JVM (never a committed key): point a
 * service at {@link #publicKeyLocation()}, then call it with {@link #customer}, {@link #operator};
 * and the hostile ones: {@link #forged} (another key), {@link #expired}, {@link #unsigned} ({@code alg: none}).
 */
public final class TestTokens {

    private static final Duration TTL = Duration.ofHours(1);
    private static final KeyPair KEYS = JwtKeyFiles.generate();
    private static final TokenMinter MINTER = new TokenMinter(KEYS.getPrivate(), Clock.systemUTC());
    /** An hour behind: its tokens were issued an hour ago (a token expiring before it was issued is malformed). */
    private static final TokenMinter PAST = new TokenMinter(KEYS.getPrivate(),
            Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)));
    private static final TokenMinter FORGER = new TokenMinter(JwtKeyFiles.generate().getPrivate(), Clock.systemUTC());
    private static final Path DIR = writeKeys();

    private TestTokens() {
    }

    /** For {@code spring.security.oauth2.resourceserver.jwt.public-key-location}. */
    public static String publicKeyLocation() {
        return "file:" + DIR.resolve(JwtKeyFiles.PUBLIC_KEY);
    }

    /** The private key's file, for a tool that mints its own tokens (the loadtool's --token-key). */
    public static Path privateKeyFile() {
        return DIR.resolve(JwtKeyFiles.PRIVATE_KEY);
    }

    public static String customer(String customerId) {
        return MINTER.customer(customerId, TTL);
    }

    public static String operator() {
        return MINTER.operator(TTL);
    }

    /** The customer's token, signed by a key the services do not know. */
    public static String forged(String customerId) {
        return FORGER.customer(customerId, TTL);
    }

    /** Issued an hour ago, expired two minutes ago (more than the verifier's 60 s clock skew). */
    public static String expired(String customerId) {
        return PAST.customer(customerId, Duration.ofMinutes(58));
    }

    /** {@code alg: none}: no signature at all, the operator role claimed. */
    public static String unsigned(String customerId) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(TokenMinter.LOCAL_ISSUER).subject(customerId)
                .claim(TokenMinter.ROLES_CLAIM, List.of(TokenMinter.OPERATOR_ROLE))
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plus(TTL))).build();
        return new PlainJWT(claims).serialize();
    }

    private static Path writeKeys() {
        try {
            Path dir = Files.createTempDirectory("eventstream-test-jwt");
            JwtKeyFiles.writePublic(dir.resolve(JwtKeyFiles.PUBLIC_KEY), KEYS);
            JwtKeyFiles.writePrivate(dir.resolve(JwtKeyFiles.PRIVATE_KEY), KEYS);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

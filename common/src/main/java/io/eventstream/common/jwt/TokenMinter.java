package io.eventstream.common.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Signs access tokens (RS256 JWT) with the local key, as a real issuer would: {@code sub} is the
 * customer (the services' {@code eventstream.http-auth.customer-claim}), {@code roles: ["operator"]}
 * marks an operator. For the local suite, the tests and the loadtool; production uses a real issuer.
 */
public final class TokenMinter {

    /** The {@code iss} of locally minted tokens. */
    public static final String LOCAL_ISSUER = "eventstream-local";
    public static final String ROLES_CLAIM = "roles";
    public static final String OPERATOR_ROLE = "operator";
    /** The subject of an operator token: no customer of that name can read anything through it. */
    public static final String OPERATOR_SUBJECT = "operator";

    private final RSASSASigner signer;
    private final Clock clock;

    public TokenMinter(PrivateKey key, Clock clock) {
        this.signer = new RSASSASigner(key);
        this.clock = clock;
    }

    /** A customer's token: reads and cancels that customer's orders, reads that customer's wallet. */
    public String customer(String customerId, Duration ttl) {
        return mint(customerId, List.of(), ttl);
    }

    /** An operator's token: everything, the board and the metrics included. */
    public String operator(Duration ttl) {
        return mint(OPERATOR_SUBJECT, List.of(OPERATOR_ROLE), ttl);
    }

    /** Any subject and roles, valid from the clock's now for {@code ttl}. */
    public String mint(String subject, List<String> roles, Duration ttl) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(LOCAL_ISSUER)
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString());
        if (!roles.isEmpty()) {
            claims.claim(ROLES_CLAIM, roles);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
                claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }
}

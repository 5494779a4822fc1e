package io.eventstream.common.httpauth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code eventstream.http-auth.*}: the bearer token check of the services that serve people
 * (order-service, payment-worker's wallet API). Which tokens verify is Spring Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.*} (a public key, an issuer or a JWK set).
 *
 * @param enabled       the check; off only for HTTP clients of the original, which sent no token
 *                      (one WARN line at startup; then anyone may do anything, as in the original)
 * @param customerClaim the claim that holds the customer id ({@code sub} by default; e.g.
 *                      {@code customer_id} for an issuer whose subjects are its own user ids)
 * @param operatorClaim the claim that lists roles (a JSON array, or a space or comma separated string)
 * @param operatorRole  the role in it that makes an operator
 * @param tokenCache    how many verified tokens are remembered, so a client's next request with the
 *                      same token skips the signature check ({@link VerifiedTokenCache}); 0 turns it off
 * @param tokenCacheMaxAge how long a verified token is remembered at most (never past its {@code exp});
 *                      bounds how long a withdrawn key's tokens stay accepted
 */
@ConfigurationProperties("eventstream.http-auth")
public record HttpAuthProperties(@DefaultValue("true") boolean enabled,
                                 @DefaultValue("sub") String customerClaim,
                                 @DefaultValue("roles") String operatorClaim,
                                 @DefaultValue("operator") String operatorRole,
                                 @DefaultValue("4096") int tokenCache,
                                 @DefaultValue("5m") Duration tokenCacheMaxAge) {
}

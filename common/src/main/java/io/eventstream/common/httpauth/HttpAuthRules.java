package io.eventstream.common.httpauth;

import java.util.Set;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's own path rules, between the shared ones: health open and the rest of the actuator
 * operator-only before them, "authenticated" for anything else after them. Which customer may see
 * which order or wallet is not a path rule: the controllers ask the {@link Caller}.
 */
@FunctionalInterface
public interface HttpAuthRules {

    /** The authority of the operator role, for {@code hasRole(OPERATOR)}. */
    String OPERATOR = "OPERATOR";

    void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests);

    /**
     * Paths where the token may also come as {@code ?access_token=} (RFC 6750 2.3): only where a
     * browser cannot send a header, e.g. an EventSource. Nowhere else: URLs end up in logs and history.
     */
    default Set<String> queryTokenPaths() {
        return Set.of();
    }
}

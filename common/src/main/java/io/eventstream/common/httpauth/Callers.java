package io.eventstream.common.httpauth;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** The {@link Caller} of the current request (its verified token), for the controllers. */
public final class Callers {

    private final boolean enabled;

    Callers(boolean enabled) {
        this.enabled = enabled;
    }

    public Caller current() {
        if (!enabled) {
            return Caller.unchecked();
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof JwtAuthenticationToken token) || !token.isAuthenticated()) {
            return Caller.nobody();
        }
        boolean operator = token.getAuthorities().stream()
                .anyMatch(a -> CallerJwtConverter.OPERATOR_AUTHORITY.equals(a.getAuthority()));
        String customer = token.getName();
        return new Caller(customer == null || customer.isEmpty() ? null : customer, operator);
    }
}

package io.eventstream.common.httpauth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * 401 problem, no token or one that does not verify (another key, expired, {@code alg: none},
 * malformed). The {@code WWW-Authenticate: Bearer} header comes from Spring Security's entry point
 * (RFC 6750 3); the detail never repeats the token or why exactly it failed to verify.
 */
final class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
    private final RefusalProblems problems;

    ProblemAuthenticationEntryPoint(RefusalProblems problems) {
        this.problems = problems;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        bearer.commence(request, response, e);
        String reason = reason(e);
        String detail = switch (reason) {
            case "missing-token" -> "A bearer token is required: Authorization: Bearer <token>";
            case "expired-token" -> "The bearer token has expired";
            default -> "The bearer token is not valid";
        };
        problems.refuse(request, response, reason, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized", detail);
    }

    static String reason(AuthenticationException e) {
        if (!(e instanceof OAuth2AuthenticationException)) {
            return "missing-token";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JwtValidationException invalid && invalid.getErrors().stream()
                    .anyMatch(error -> describes(error.getDescription(), "expired"))) {
                return "expired-token";
            }
            if (describes(t.getMessage(), "expired")) {
                return "expired-token";
            }
        }
        return "invalid-token";
    }

    private static boolean describes(String text, String word) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(word);
    }
}

package io.eventstream.common.httpauth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * The Authorization header everywhere; also {@code ?access_token=} on the few GET paths a
 * service names ({@link HttpAuthRules#queryTokenPaths()}), for the browser's EventSource, which
 * cannot send a header. Both at once is a 400-style refusal (Spring Security's rule, RFC 6750).
 */
final class QueryTokenResolver implements BearerTokenResolver {

    private final DefaultBearerTokenResolver headerOnly = new DefaultBearerTokenResolver();
    private final DefaultBearerTokenResolver headerOrQuery = new DefaultBearerTokenResolver();
    private final Set<String> queryPaths;

    QueryTokenResolver(Set<String> queryPaths) {
        this.queryPaths = Set.copyOf(queryPaths);
        headerOrQuery.setAllowUriQueryParameter(true);
    }

    @Override
    public String resolve(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return (queryPaths.contains(path) ? headerOrQuery : headerOnly).resolve(request);
    }
}

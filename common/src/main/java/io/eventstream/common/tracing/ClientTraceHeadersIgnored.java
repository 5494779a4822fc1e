package io.eventstream.common.tracing;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code eventstream.tracing.client-context=ignore}: an HTTP caller's trace headers are hidden from
 * the request's observation, so each request starts its own trace at the configured probability and
 * no client can force sampling (which costs CPU and Zipkin storage, never data: a span holds what
 * the service logs anyway). Registered before Boot's observation filter; off by default, then it
 * does not exist and costs nothing.
 */
final class ClientTraceHeadersIgnored extends OncePerRequestFilter {

    /** W3C trace context and every B3 form Brave reads. */
    static final Set<String> HEADERS = Set.of("traceparent", "tracestate", "b3", "x-b3-traceid", "x-b3-spanid",
            "x-b3-parentspanid", "x-b3-sampled", "x-b3-flags");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new Hidden(request), response);
    }

    private static boolean hidden(String name) {
        return name != null && HEADERS.contains(name.toLowerCase(Locale.ROOT));
    }

    private static final class Hidden extends HttpServletRequestWrapper {

        Hidden(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return hidden(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(name -> !hidden(name)).toList());
        }
    }
}

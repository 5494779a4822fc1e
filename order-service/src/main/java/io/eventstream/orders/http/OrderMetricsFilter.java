package io.eventstream.orders.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts what became of each {@code POST /api/orders}, by its answer, wherever it was
 * decided (the body size filter, Spring MVC, the controller, the problem handler):
 * {@code eventstream.orders.accepted} (tag {@code replayed}: an Idempotency-Key repeat) and
 * {@code eventstream.orders.rejected} (tag {@code status}: 400, 409, 413, 415, 422, 502, 503...).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 6)
class OrderMetricsFilter extends OncePerRequestFilter {

    static final String ACCEPTED = "eventstream.orders.accepted";
    static final String REJECTED = "eventstream.orders.rejected";

    private final MeterRegistry meters;

    OrderMetricsFilter(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && "/api/orders".equals(request.getRequestURI()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            int status = response.getStatus();
            if (status >= 200 && status < 300) {
                Counter.builder(ACCEPTED).description("orders placed (201)")
                        .tag("replayed", String.valueOf(response.getHeader(OrderController.IDEMPOTENT_REPLAYED) != null))
                        .register(meters).increment();
            } else {
                Counter.builder(REJECTED).description("order requests refused, by answer status")
                        .tag("status", Integer.toString(status))
                        .register(meters).increment();
            }
        }
    }
}

package io.eventstream.orders.http;

import io.eventstream.common.httpauth.HttpAuthRules;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/**
 * order-service's paths (common's httpauth adds health open, the rest of the actuator operator-only,
 * anything else a valid token). The board's page, script and style and the OpenAPI document hold
 * no data and stay open; the board's data (the feed, the recent orders, the counts) is the
 * operator's. Which orders a customer may read, list, place and cancel: {@link OrderController}.
 */
@Component
class OrderAuthRules implements HttpAuthRules {

    static final String BOARD_FEED = "/api/board/events";

    @Override
    public void authorize(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
        requests.requestMatchers(HttpMethod.GET, "/board", "/board/**", "/swagger-ui.html", "/swagger-ui/**",
                "/v3/api-docs", "/v3/api-docs/**").permitAll();
        // A restaurant's orders and revenue per hour are the business's figures, not a customer's.
        requests.requestMatchers("/api/board/**", "/api/orders/recent", "/api/restaurants/**").hasRole(OPERATOR);
    }

    /** The board's EventSource cannot send an Authorization header. */
    @Override
    public Set<String> queryTokenPaths() {
        return Set.of(BOARD_FEED);
    }
}

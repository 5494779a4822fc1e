package io.eventstream.orders.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.eventstream.orders.order.OrderState;
import io.eventstream.orders.order.RecordedEvent;
import io.eventstream.orders.wire.OrderItemJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/orders/{id}?version=N} or {@code ?at=...}: the order folded from its events up to
 * that point, the order JSON's names plus {@code version}, {@code last_version} (for stepping
 * through) and the events folded in.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"order_id", "customer_id", "status", "created_on", "restaurant_id", "amount", "order_items",
        "reason", "version", "last_version", "events"})
record OrderAsOfJson(
        @JsonProperty("order_id") String orderId,
        @JsonProperty("customer_id") String customerId,
        @JsonProperty("status") String status,
        @JsonProperty("created_on") Instant createdOn,
        @JsonProperty("restaurant_id") String restaurantId,
        @JsonProperty("amount") BigDecimal amount,
        @JsonProperty("order_items") List<OrderItemJson> orderItems,
        @JsonProperty("reason") String reason,
        @JsonProperty("version") long version,
        @JsonProperty("last_version") long lastVersion,
        @JsonProperty("events") List<Included> events) {

    /** One event folded in. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Included(
            @JsonProperty("version") long version,
            @JsonProperty("event_type") String eventType,
            @JsonProperty("position") long position,
            @JsonProperty("created_at") Instant createdAt,
            @JsonProperty("reason") String reason) {

        static Included from(RecordedEvent e) {
            return new Included(e.version(), e.eventType(), e.position(), e.createdAt(), e.reason());
        }
    }

    static OrderAsOfJson from(OrderState state, long lastVersion) {
        return new OrderAsOfJson(state.orderId(), state.customerId(), state.status(), state.createdOn(),
                state.restaurantId(), state.amount(), state.items().stream().map(OrderItemJson::from).toList(),
                state.reason(), state.version(), lastVersion, state.events().stream().map(Included::from).toList());
    }
}

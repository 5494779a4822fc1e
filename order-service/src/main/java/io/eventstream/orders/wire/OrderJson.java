package io.eventstream.orders.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.eventstream.orders.order.Order;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The order JSON of the contract as the body of {@code POST /api/orders}'s answer. The created
 * event's body (ORDERS.created) is the same JSON written by common's codec
 * ({@code io.eventstream.common.events.json.EventBodies}); PlaceOrderApiTest checks that the two are
 * the same bytes. Never rename these fields.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"order_id", "customer_id", "status", "created_on", "restaurant_id", "amount", "order_items"})
public record OrderJson(
        @JsonProperty("order_id") UUID orderId,
        @JsonProperty("customer_id") String customerId,
        @JsonProperty("status") String status,
        @JsonProperty("created_on") Instant createdOn,
        @JsonProperty("restaurant_id") String restaurantId,
        @JsonProperty("amount") BigDecimal amount,
        @JsonProperty("order_items") List<OrderItemJson> orderItems) {

    public static OrderJson from(Order order) {
        return new OrderJson(order.orderId(), order.customerId(), order.status(), order.createdOn(),
                order.restaurantId(), order.amount(), order.items().stream().map(OrderItemJson::from).toList());
    }
}

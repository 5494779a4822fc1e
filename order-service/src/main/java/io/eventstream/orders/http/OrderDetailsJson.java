package io.eventstream.orders.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.eventstream.orders.query.OrderDetails;
import io.eventstream.orders.wire.OrderItemJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An order from the read model: the fields of the POST answer, then {@code reason} (only
 * when there is one) and {@code status_history} (left out of list pages).
 */
@JsonPropertyOrder({"order_id", "customer_id", "status", "created_on", "restaurant_id", "amount", "order_items",
        "reason", "status_history"})
@JsonInclude(JsonInclude.Include.NON_NULL)
record OrderDetailsJson(
        @JsonProperty("order_id") String orderId,
        @JsonProperty("customer_id") String customerId,
        @JsonProperty("status") String status,
        @JsonProperty("created_on") Instant createdOn,
        @JsonProperty("restaurant_id") String restaurantId,
        @JsonProperty("amount") BigDecimal amount,
        @JsonProperty("order_items") List<OrderItemJson> orderItems,
        @JsonProperty("reason") String reason,
        @JsonProperty("status_history") List<StatusChangeJson> statusHistory) {

    static OrderDetailsJson from(OrderDetails order, boolean withHistory) {
        return new OrderDetailsJson(order.orderId(), order.customerId(), order.status(), order.createdOn(),
                order.restaurantId(), order.amount(), order.items().stream().map(OrderItemJson::from).toList(),
                order.reason(),
                withHistory ? order.history().stream().map(StatusChangeJson::from).toList() : null);
    }
}

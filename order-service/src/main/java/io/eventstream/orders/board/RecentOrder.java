package io.eventstream.orders.board;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;

/** An order in the board's list: the read model's row without items or history. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecentOrder(
        @JsonProperty("order_id") String orderId,
        @JsonProperty("customer_id") String customerId,
        @JsonProperty("status") String status,
        @JsonProperty("created_on") Instant createdOn,
        @JsonProperty("restaurant_id") String restaurantId,
        @JsonProperty("amount") BigDecimal amount,
        @JsonProperty("reason") String reason) {
}

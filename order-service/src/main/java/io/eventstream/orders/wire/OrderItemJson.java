package io.eventstream.orders.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.eventstream.orders.order.OrderItem;
import java.math.BigDecimal;

/** An order line on the wire, with the original's snake_case names. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"code", "name", "unit_price", "quantity"})
public record OrderItemJson(
        @JsonProperty("code") String code,
        @JsonProperty("name") String name,
        @JsonProperty("unit_price") BigDecimal unitPrice,
        @JsonProperty("quantity") int quantity) {

    public static OrderItemJson from(OrderItem item) {
        return new OrderItemJson(item.code(), item.name(), item.unitPrice(), item.quantity());
    }
}

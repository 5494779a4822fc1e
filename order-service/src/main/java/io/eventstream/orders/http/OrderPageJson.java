package io.eventstream.orders.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.eventstream.orders.query.OrderPage;
import java.util.List;

@JsonPropertyOrder({"customer_id", "page", "size", "total", "orders"})
record OrderPageJson(
        @JsonProperty("customer_id") String customerId,
        @JsonProperty("page") int page,
        @JsonProperty("size") int size,
        @JsonProperty("total") long total,
        @JsonProperty("orders") List<OrderDetailsJson> orders) {

    static OrderPageJson from(OrderPage page) {
        return new OrderPageJson(page.customerId(), page.page(), page.size(), page.total(),
                page.orders().stream().map(order -> OrderDetailsJson.from(order, false)).toList());
    }
}

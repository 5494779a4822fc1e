package io.eventstream.orders.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.events.EventIds;
import io.eventstream.common.events.OrderEventKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrderTest {

    static final NewOrder REQUEST = new NewOrder("c1", "r1", List.of(
            new OrderItem("a", "Tea", new BigDecimal("0.1"), 3),
            new OrderItem("b", "Cake", new BigDecimal("19.99"), 1)));

    @Test
    void placingSumsTheLinesExactlyAndCutsTimeToMicroseconds() {
        Order order = Order.place(UUID.randomUUID(), REQUEST, Instant.parse("2026-01-01T00:00:00.123456789Z"));

        assertThat(order.amount()).isEqualByComparingTo("20.29");
        assertThat(order.status()).isEqualTo("Pending");
        assertThat(order.createdOn()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123456Z"));
    }

    @Test
    void aRequestMatchesAnOrderByValueNotByScale() {
        Order order = Order.place(UUID.randomUUID(), REQUEST, Instant.now());
        NewOrder sameWithOtherScale = new NewOrder("c1", "r1", List.of(
                new OrderItem("a", "Tea", new BigDecimal("0.10"), 3),
                new OrderItem("b", "Cake", new BigDecimal("19.990"), 1)));
        NewOrder otherQuantity = new NewOrder("c1", "r1", List.of(
                new OrderItem("a", "Tea", new BigDecimal("0.1"), 4),
                new OrderItem("b", "Cake", new BigDecimal("19.99"), 1)));
        NewOrder otherRestaurant = new NewOrder("c1", "r2", REQUEST.items());

        assertThat(order.placedFrom(sameWithOtherScale)).isTrue();
        assertThat(order.placedFrom(otherQuantity)).isFalse();
        assertThat(order.placedFrom(otherRestaurant)).isFalse();
    }

    @Test
    void exponentPricesAreWrittenPlain() {
        assertThat(new OrderItem("a", "b", new BigDecimal("1E+2"), 1).unitPrice().toString()).isEqualTo("100");
    }

    @Test
    void idsAreDeterministicAndScopedToTheCustomer() {
        UUID id = OrderIds.forIdempotencyKey("c1", "k");

        assertThat(OrderIds.forIdempotencyKey("c1", "k")).isEqualTo(id);
        assertThat(OrderIds.forIdempotencyKey("c2", "k")).isNotEqualTo(id);
        assertThat(EventIds.of(OrderEventKind.CREATED, id.toString())).isNotEqualTo(id.toString());
    }
}

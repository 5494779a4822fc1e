package io.eventstream.orders.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrderFoldTest {

    static final Instant T0 = Instant.parse("2026-11-28T04:51:11.629878Z");
    static final UUID ID = UUID.fromString("ba17dc95-cb60-3aeb-b759-d2ce15dbb41d");
    static final Order PLACED = new Order(ID, "c1", "Pending", T0, "r1", new BigDecimal("21.00"),
            List.of(new OrderItem("p1", "Pizza", new BigDecimal("10.50"), 2)));

    /** A cancel after the debit, then a debit that came after Cancelled (the saga's late-debit row). */
    static final List<RecordedEvent> HISTORY = List.of(
            event(1, "created", PLACED, null),
            event(2, "paymentdebited", null, null),
            event(3, "cancelrequested", null, "cancelled by the customer"),
            event(4, "refundrequested", null, null),
            event(5, "paymentrefunded", null, null),
            event(6, "cancelled", null, "cancelled by the customer"),
            event(7, "paymentdebited", null, null),
            event(8, "refundrequested", null, null));

    @Test
    void eachVersionHasTheStatusItsLastEventMovedTheOrderTo() {
        assertThat(status(1)).isEqualTo("Pending");
        assertThat(status(2)).isEqualTo("PaymentDebited");
        assertThat(status(3)).isEqualTo("CancelRequested");
        assertThat(status(5)).isEqualTo("Refunded");
        assertThat(status(6)).isEqualTo("Cancelled");
    }

    @Test
    void aTerminalStatusAndItsReasonStayWhateverComesAfter() {
        OrderState last = OrderFold.upToVersion(ID.toString(), HISTORY, 8).orElseThrow();
        assertThat(last.status()).isEqualTo("Cancelled");
        assertThat(last.reason()).isEqualTo("cancelled by the customer");
        assertThat(last.version()).isEqualTo(8);
        assertThat(last.events()).hasSize(8);
    }

    @Test
    void thePlacedDataComesFromTheCreatedEvent() {
        OrderState first = OrderFold.upToVersion(ID.toString(), HISTORY, 1).orElseThrow();
        assertThat(first.customerId()).isEqualTo("c1");
        assertThat(first.restaurantId()).isEqualTo("r1");
        assertThat(first.amount()).isEqualByComparingTo("21");
        assertThat(first.items()).containsExactly(PLACED.items().get(0));
        assertThat(first.createdOn()).isEqualTo(T0);
        assertThat(first.reason()).isNull();
        assertThat(first.events()).extracting(RecordedEvent::version).containsExactly(1L);
    }

    @Test
    void atATimeFoldsTheEventsStoredByThenAndNothingBeforeTheFirst() {
        assertThat(OrderFold.at(ID.toString(), HISTORY, T0.plusSeconds(2)).orElseThrow().version()).isEqualTo(3);
        assertThat(OrderFold.at(ID.toString(), HISTORY, T0.plusMillis(2500)).orElseThrow().status())
                .isEqualTo("CancelRequested");
        assertThat(OrderFold.at(ID.toString(), HISTORY, T0.minusNanos(1000))).isEmpty();
    }

    @Test
    void eventsAreFoldedInVersionOrderWhateverOrderTheyCameIn() {
        List<RecordedEvent> shuffled = List.of(HISTORY.get(2), HISTORY.get(0), HISTORY.get(1));
        OrderState state = OrderFold.fold(ID.toString(), shuffled).orElseThrow();
        assertThat(state.status()).isEqualTo("CancelRequested");
        assertThat(state.events()).extracting(RecordedEvent::version).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aRejectionKeepsTheReasonOfTheEventThatGaveIt() {
        List<RecordedEvent> rejected = List.of(event(1, "created", PLACED, null),
                event(2, "paymentfailed", null, "insufficient funds"), event(3, "rejected", null, null));
        OrderState state = OrderFold.fold(ID.toString(), rejected).orElseThrow();
        assertThat(state.status()).isEqualTo("Rejected");
        assertThat(state.reason()).isEqualTo("insufficient funds");
    }

    private static String status(long version) {
        return OrderFold.upToVersion(ID.toString(), HISTORY, version).orElseThrow().status();
    }

    private static RecordedEvent event(long version, String name, Order order, String reason) {
        return new RecordedEvent(version, 100 + version, "ORDERS." + name, name, T0.plusSeconds(version - 1), order,
                reason);
    }
}

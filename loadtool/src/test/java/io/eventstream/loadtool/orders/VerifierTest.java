package io.eventstream.loadtool.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifierTest {

    private static final List<Verifier.StoredEvent> FULL = List.of(
            new Verifier.StoredEvent("ORDERS.created", 1),
            new Verifier.StoredEvent("ORDERS.paymentdebited", 2),
            new Verifier.StoredEvent("ORDERS.approved", 3));

    private static OrderTrack order(String id, boolean completed) {
        OrderTrack t = new OrderTrack(id);
        t.posted = true;
        t.amount = new BigDecimal("21.00");
        t.items = 2;
        t.readModelNanos = completed ? 1 : 0;
        return t;
    }

    private static Verifier.ReadRow approved() {
        return new Verifier.ReadRow("Approved", 3, new BigDecimal("21.0"), 2);
    }

    @Test
    void anOrderWithItsThreeEventsAndAMatchingRowIsClean() {
        Verification v = Verifier.judge(List.of(order("a", true)), Map.of("a", FULL), Map.of("a", approved()), 0);
        assertThat(v.clean()).isTrue();
        assertThat(v.checked()).isEqualTo(1);
    }

    @Test
    void countsEachKindOfProblem() {
        Map<String, List<Verifier.StoredEvent>> events = new HashMap<>();
        Map<String, Verifier.ReadRow> rows = new HashMap<>();
        // b: paid twice (a second debit event at version 3, approved at 4)
        events.put("b", List.of(new Verifier.StoredEvent("ORDERS.created", 1),
                new Verifier.StoredEvent("ORDERS.paymentdebited", 2),
                new Verifier.StoredEvent("ORDERS.paymentdebited", 3),
                new Verifier.StoredEvent("ORDERS.approved", 4)));
        rows.put("b", new Verifier.ReadRow("Approved", 4, new BigDecimal("21"), 2));
        // c: never completed, stuck at PaymentDebited, and the read model says so
        events.put("c", FULL.subList(0, 2));
        rows.put("c", new Verifier.ReadRow("PaymentDebited", 2, new BigDecimal("21"), 2));
        // d: the read model lags behind the store
        events.put("d", FULL);
        rows.put("d", new Verifier.ReadRow("PaymentDebited", 2, new BigDecimal("21"), 2));
        // e: nothing stored at all
        // f: a version gap
        events.put("f", List.of(new Verifier.StoredEvent("ORDERS.created", 1),
                new Verifier.StoredEvent("ORDERS.approved", 3)));
        rows.put("f", new Verifier.ReadRow("Approved", 3, new BigDecimal("21"), 2));
        // g: wrong amount and h: no read-model row
        events.put("g", FULL);
        rows.put("g", new Verifier.ReadRow("Approved", 3, new BigDecimal("12"), 2));
        events.put("h", FULL);
        List<OrderTrack> orders = List.of(order("b", true), order("c", false), order("d", true), order("e", false),
                order("f", true), order("g", true), order("h", true));

        Verification v = Verifier.judge(orders, events, rows, 3);

        assertThat(v.duplicateEvents()).isEqualTo(1);
        assertThat(v.notCompleted()).isEqualTo(2);
        assertThat(v.missingEvents()).isEqualTo(1);
        assertThat(v.versionGaps()).isEqualTo(1);
        assertThat(v.readModelMismatches()).isEqualTo(3); // d (status), g (amount), h (no row)
        assertThat(v.streamDuplicates()).isEqualTo(3);
        assertThat(v.clean()).isFalse();
        assertThat(v.examples()).anyMatch(e -> e.contains("duplicate ORDERS.paymentdebited x2: b"))
                .anyMatch(e -> e.contains("has no row: h"))
                .anyMatch(e -> e.contains("amount 12, posted 21.00: g"));
    }

    @Test
    void aRejectedOrderIsJudgedByItsOwnEndState() {
        List<Verifier.StoredEvent> rejected = List.of(new Verifier.StoredEvent("ORDERS.created", 1),
                new Verifier.StoredEvent("ORDERS.rejected", 2));
        Verification v = Verifier.judge(List.of(order("r", true)), Map.of("r", rejected),
                Map.of("r", new Verifier.ReadRow("Rejected", 2, new BigDecimal("21"), 2)), 0);
        assertThat(v.clean()).isTrue();
    }
}

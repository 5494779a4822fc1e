package io.eventstream.querymodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventstream.common.events.EventHeaders;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.NatsMessage;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How the query model worker projects order events into the read model: in order, in reverse, in
 * batches, with more items than one statement takes, with a late debit and refund after a cancel, and
 * with duplicates that add nothing.
 */
class QueryModelProjectionTest extends QueryModelWorkerFixture {

    @Test
    void eventsInOrderEndApprovedWithItemsAndHistory() throws Exception {
        String orderId = UUID.randomUUID().toString();
        publish("created", UUID.randomUUID().toString(), orderId, 1L, createdJson(orderId));
        publish("paymentdebited", UUID.randomUUID().toString(), orderId, 2L, paymentJson(orderId));
        publish("approved", UUID.randomUUID().toString(), orderId, 3L, "");

        // The consumer handles messages in parallel: wait for all three, in whatever order they landed.
        await().atMost(Duration.ofSeconds(20)).until(() -> history(orderId).size() == 3);
        awaitOrder(orderId, "Approved", 3);
        assertFullOrder(orderId);
        assertThat(history(orderId)).containsExactly("1:Pending", "2:PaymentDebited", "3:Approved");
    }

    /**
     * 200 events published at once reach the consumer faster than one at a time would handle
     * them, so they are handled in batches (application.yml: max-batch 64): 50 orders, half of
     * them with their events in reverse order, each with its created event published again at the end.
     */
    @Test
    void manyEventsAtOnceAreHandledInBatchesWithTheSameResult() throws Exception {
        String prefix = UUID.randomUUID().toString().substring(0, 8) + "-";
        List<String> orders = new ArrayList<>();
        List<List<NatsMessage>> lifecycles = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String orderId = prefix + i;
            orders.add(orderId);
            NatsMessage created = message("created", UUID.randomUUID().toString(), orderId, 1L, createdJson(orderId));
            NatsMessage debited = message("paymentdebited", UUID.randomUUID().toString(), orderId, 2L, paymentJson(orderId));
            NatsMessage approved = message("approved", UUID.randomUUID().toString(), orderId, 3L, "");
            // Published again (another message id: NATS would drop the same one as a duplicate).
            NatsMessage again = message("created", UUID.randomUUID().toString(), orderId, 1L, createdJson(orderId));
            lifecycles.add(i % 2 == 0 ? List.of(created, debited, approved, again) : List.of(approved, debited, created, again));
        }
        long batchesBefore = meters.get("eventstream.consumer.batch.size").summary().count();
        List<CompletableFuture<PublishAck>> published = new ArrayList<>();
        for (int step = 0; step < 4; step++) {
            for (List<NatsMessage> lifecycle : lifecycles) {
                published.add(stream.nats().jetStream().publishAsync(lifecycle.get(step)));
            }
        }
        for (CompletableFuture<PublishAck> ack : published) {
            ack.get(10, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("SELECT count(*) FROM order_status_history WHERE orderid LIKE '" + prefix + "%'") == 150);
        awaitAllAcked();
        assertThat(meters.get("eventstream.consumer.batch.size").summary().count()).isGreaterThan(batchesBefore);
        assertThat(count("SELECT count(*) FROM orders WHERE id LIKE '" + prefix + "%' AND status = 'Approved'"
                + " AND last_version = 3 AND customerid = 'c1'")).isEqualTo(50);
        assertThat(count("SELECT count(*) FROM orderitems WHERE orderid LIKE '" + prefix + "%'")).isEqualTo(100);
        for (String orderId : List.of(orders.get(0), orders.get(49))) {
            assertFullOrder(orderId);
            assertThat(history(orderId)).containsExactly("1:Pending", "2:PaymentDebited", "3:Approved");
        }
        assertThat(stream.deadLetters()).noneMatch(m -> {
            String aggregate = m.getHeaders().getFirst(EventHeaders.AGGREGATE_ID);
            return aggregate != null && aggregate.startsWith(prefix);
        });
    }

    @Test
    void anOrderWithMoreItemsThanOneStatementTakesIsStoredWhole() throws Exception {
        String orderId = UUID.randomUUID().toString();
        StringBuilder items = new StringBuilder();
        for (int i = 1; i <= 1001; i++) {
            items.append(i > 1 ? "," : "").append("{\"code\":\"p").append(i)
                    .append("\",\"name\":\"Pizza\",\"unit_price\":1,\"quantity\":1}");
        }
        publish("created", UUID.randomUUID().toString(), orderId, 1L, "{\"order_id\":\"" + orderId
                + "\",\"customer_id\":\"c1\",\"restaurant_id\":\"r1\",\"amount\":1001,\"status\":\"Pending\","
                + "\"created_on\":\"2024-05-01T10:30:15Z\",\"order_items\":[" + items + "]}");

        awaitOrder(orderId, "Pending", 1);
        assertThat(items(orderId)).hasSize(1001);
        assertThat(history(orderId)).containsExactly("1:Pending");
    }

    @Test
    void aCancelledOrderStaysCancelledWithItsReasonWhenALateDebitAndRefundArriveFirst() throws Exception {
        String orderId = UUID.randomUUID().toString();
        String reason = "{\"OrderID\":\"" + orderId + "\",\"Reason\":\"cancelled by the customer\"}";
        publish("created", UUID.randomUUID().toString(), orderId, 1L, createdJson(orderId));
        publish("paymentrefunded", UUID.randomUUID().toString(), orderId, 6L, paymentJson(orderId));
        publish("paymentdebited", UUID.randomUUID().toString(), orderId, 4L, paymentJson(orderId));
        await().atMost(Duration.ofSeconds(20)).until(() -> history(orderId).size() == 3);
        publish("cancelled", UUID.randomUUID().toString(), orderId, 3L, reason);
        publish("cancelrequested", UUID.randomUUID().toString(), orderId, 2L, reason);
        publish("refundrequested", UUID.randomUUID().toString(), orderId, 5L,
                "{\"OrderID\":\"" + orderId + "\",\"Reason\":\"the payment came after the order was cancelled\"}");

        await().atMost(Duration.ofSeconds(20)).until(() -> history(orderId).size() == 6);
        assertThat(order(orderId)).containsEntry("status", "Cancelled");
        assertThat(history(orderId)).containsExactly("1:Pending", "2:CancelRequested", "3:Cancelled",
                "4:PaymentDebited", "5:RefundRequested", "6:Refunded");
        try (var c = db(); var st = c.prepareStatement("SELECT reason FROM orders WHERE id = ?")) {
            st.setString(1, orderId);
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("cancelled by the customer");
            }
        }
    }

    @Test
    void eventsInReverseOrderEndApprovedWithFullData() throws Exception {
        String orderId = UUID.randomUUID().toString();
        publish("approved", UUID.randomUUID().toString(), orderId, 3L, "");
        awaitOrder(orderId, "Approved", 3);
        publish("paymentdebited", UUID.randomUUID().toString(), orderId, 2L, paymentJson(orderId));
        await().atMost(Duration.ofSeconds(15)).until(() -> history(orderId).size() == 2);
        assertThat(order(orderId)).containsEntry("status", "Approved");
        publish("created", UUID.randomUUID().toString(), orderId, 1L, createdJson(orderId));
        await().atMost(Duration.ofSeconds(15)).until(() -> history(orderId).size() == 3);

        awaitOrder(orderId, "Approved", 3);
        assertFullOrder(orderId);
        assertThat(history(orderId)).containsExactly("1:Pending", "2:PaymentDebited", "3:Approved");
    }

    @Test
    void duplicatesAddNothing() throws Exception {
        String orderId = UUID.randomUUID().toString();
        String createdId = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            publish("created", UUID.randomUUID().toString(), orderId, 1L, createdJson(orderId));
        }
        publish("approved", UUID.randomUUID().toString(), orderId, 3L, "");
        publish("approved", UUID.randomUUID().toString(), orderId, 3L, "");
        publish("created", createdId, orderId, 1L, createdJson(orderId));

        awaitAllAcked();
        awaitOrder(orderId, "Approved", 3);
        assertFullOrder(orderId);
        assertThat(count("SELECT count(*) FROM orders WHERE id = '" + orderId + "'")).isEqualTo(1);
        assertThat(history(orderId)).containsExactly("1:Pending", "3:Approved");
    }
}

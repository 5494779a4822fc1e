package io.eventstream.querymodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The original's traffic on the query model worker: messages without headers use the legacy versions,
 * and its empty approved is counted as unreadable, not dead-lettered.
 */
class QueryModelOriginalTrafficTest extends QueryModelWorkerFixture {

    @Test
    void messagesOfTheOriginalWithoutHeadersUseTheLegacyVersions() throws Exception {
        String orderId = UUID.randomUUID().toString();
        stream.nats().jetStream().publish(types.paymentDebited(), paymentJson(orderId).getBytes(StandardCharsets.UTF_8));
        awaitOrder(orderId, "PaymentDebited", 2);
        stream.nats().jetStream().publish(types.created(), createdJson(orderId).getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(15)).until(() -> history(orderId).size() == 2);
        awaitOrder(orderId, "PaymentDebited", 2);
        assertFullOrder(orderId);
        assertThat(history(orderId)).containsExactly("1:Pending", "2:PaymentDebited");
    }

    /**
     * The original's traffic as its store publishes it: no headers, its bodies and an empty
     * approved that names no order. The order is projected from the bodies; the approved is acked
     * and counted, and nothing is dead-lettered.
     */
    @Test
    void theOriginalsTrafficIsProjectedAndItsEmptyApprovedCountedNotDeadLettered() throws Exception {
        String orderId = UUID.randomUUID().toString();
        double unreadableBefore = unreadable();
        int deadBefore = stream.deadLetters().size();
        stream.nats().jetStream().publish(types.created(), createdJson(orderId).getBytes(StandardCharsets.UTF_8));
        stream.nats().jetStream().publish(types.paymentDebited(), paymentJson(orderId).getBytes(StandardCharsets.UTF_8));
        stream.nats().jetStream().publish(types.approved(), new byte[0]);

        awaitOrder(orderId, "PaymentDebited", 2);
        await().atMost(Duration.ofSeconds(15)).until(() -> unreadable() > unreadableBefore);
        awaitAllAcked();
        assertFullOrder(orderId);
        assertThat(history(orderId)).containsExactly("1:Pending", "2:PaymentDebited");
        assertThat(stream.deadLetters()).hasSize(deadBefore);
    }

    private double unreadable() {
        var counter = meters.find("eventstream.consumer.original_unreadable").counter();
        return counter == null ? 0 : counter.count();
    }
}

package io.eventstream.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.proto.eventstore.Event;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code Idempotency-Key} on {@code POST /api/orders}: a repeat is a replay of the same order, a reuse
 * with another request a 422, and an order id taken by foreign history a 409.
 */
class OrderIdempotencyApiTest extends OrderApiFixture {

    @Test
    void theSameIdempotencyKeyAnswersTheSameOrderAndStoresOneEvent() {
        String key = UUID.randomUUID().toString();

        Http.Response first = http().postJson("/api/orders", VALID, "Idempotency-Key", key);
        Http.Response second = http().postJson("/api/orders", VALID, "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(second.json()).isEqualTo(first.json());
        assertThat(second.header("Location")).isEqualTo(first.header("Location"));
        String orderId = first.json().get("order_id").stringValue();
        assertThat(STORE.eventsOf(orderId)).hasSize(1);

        // The key belongs to the customer: another customer's same key is another order.
        Http.Response other = http().postJson("/api/orders", VALID.replace("\"c1\"", "\"c2\""),
                "Idempotency-Key", key);
        assertThat(other.status()).isEqualTo(201);
        assertThat(other.json().get("order_id").stringValue()).isNotEqualTo(orderId);
    }

    @Test
    void theSameIdempotencyKeyWithAnotherRequestIsA422() {
        String key = UUID.randomUUID().toString();
        Http.Response first = http().postJson("/api/orders", VALID, "Idempotency-Key", key);
        int events = STORE.events().size();

        Http.Response second = http().postJson("/api/orders", VALID.replace("\"quantity\":2", "\"quantity\":3"),
                "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(422);
        assertThat(second.contentType()).startsWith("application/problem+json");
        assertThat(second.json().get("title").stringValue())
                .isEqualTo("Idempotency-Key reused with a different request");
        assertThat(STORE.events()).hasSize(events);
    }

    @Test
    void aRepeatAnsweredAbortedIsStillAReplay() {
        String key = UUID.randomUUID().toString();
        Http.Response first = http().postJson("/api/orders", VALID, "Idempotency-Key", key);
        STORE.checkVersionFirst(true);
        try {
            Http.Response second = http().postJson("/api/orders", VALID, "Idempotency-Key", key);

            assertThat(second.status()).isEqualTo(201);
            assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(second.json()).isEqualTo(first.json());
            assertThat(STORE.eventsOf(first.json().get("order_id").stringValue())).hasSize(1);
        } finally {
            STORE.checkVersionFirst(false);
        }
    }

    @Test
    void anOrderIdTakenByForeignHistoryIsA409() {
        String key = UUID.randomUUID().toString();
        String orderId = UUID.nameUUIDFromBytes(("order:c1:" + key).getBytes()).toString();
        STORE.put(Event.newBuilder().setEventId(UUID.randomUUID().toString()).setEventType(STREAM + ".approved")
                .setAggregateId(orderId).setAggregateType("order").setStream(STREAM).build());
        STORE.checkVersionFirst(true);
        try {
            Http.Response response = http().postJson("/api/orders", VALID, "Idempotency-Key", key);

            assertThat(response.status()).isEqualTo(409);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(STORE.eventsOf(orderId)).hasSize(1);
        } finally {
            STORE.checkVersionFirst(false);
        }
    }
}

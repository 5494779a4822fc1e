package io.eventstream.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.proto.eventstore.Event;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/orders} when the event store fails: retried with the same event id, never appended
 * twice, and a 503 with Retry-After when it keeps failing.
 */
class OrderStoreFailureApiTest extends OrderApiFixture {

    @Test
    void anUnavailableStoreIsRetriedWithTheSameEventId() {
        STORE.failNextCreates(1, Status.UNAVAILABLE, false);
        int before = STORE.createCalls();

        Http.Response response = http().postJson("/api/orders", VALID);

        assertThat(response.status()).isEqualTo(201);
        String orderId = response.json().get("order_id").stringValue();
        assertThat(STORE.createCalls()).isEqualTo(before + 2);
        assertThat(STORE.eventsOf(orderId)).hasSize(1);
    }

    @Test
    void aLostAnswerIsRetriedWithoutAppendingTwice() {
        STORE.failNextCreates(1, Status.UNAVAILABLE, true);
        int before = STORE.createCalls();

        Http.Response response = http().postJson("/api/orders", VALID);

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.header("Idempotent-Replayed")).isNull();
        String orderId = response.json().get("order_id").stringValue();
        assertThat(STORE.createCalls()).isEqualTo(before + 2);
        List<Event> events = STORE.eventsOf(orderId);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getEventData()).isEqualTo(response.body());
    }

    @Test
    void aStoreThatKeepsFailingIsA503WithRetryAfter() {
        STORE.failNextCreates(3, Status.UNAVAILABLE, false);
        int events = STORE.events().size();

        Http.Response response = http().postJson("/api/orders", VALID);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.header("Retry-After")).isEqualTo("5");
        assertThat(STORE.events()).hasSize(events);
    }
}

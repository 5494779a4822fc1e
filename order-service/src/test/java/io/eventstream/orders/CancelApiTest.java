package io.eventstream.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.events.EventIds;
import io.eventstream.common.events.OrderEventKind;
import io.eventstream.proto.eventstore.Event;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code POST /api/orders/{id}/cancel} over a real socket, against a gRPC event store. */
class CancelApiTest extends OrderApiFixture {

    @Test
    void aPendingOrderGetsOneCancelRequestHoweverOftenItIsAsked() {
        String orderId = order("created", "paymentdebited");

        Http.Response first = new Http(port).postJson("/api/orders/" + orderId + "/cancel", "");
        Http.Response second = new Http(port).postJson("/api/orders/" + orderId + "/cancel", "");

        assertThat(first.status()).isEqualTo(202);
        assertThat(first.json().get("status").stringValue()).isEqualTo("CancelRequested");
        assertThat(second.status()).isEqualTo(202);
        List<Event> requests = STORE.eventsOf(orderId).stream()
                .filter(e -> e.getEventType().equals(STREAM + ".cancelrequested")).toList();
        assertThat(requests).singleElement().satisfies(e -> {
            assertThat(e.getEventId()).isEqualTo(EventIds.of(OrderEventKind.CANCEL_REQUESTED, orderId));
            assertThat(e.getVersion()).isEqualTo(3);
            assertThat(e.getEventData()).isEqualTo(
                    "{\"OrderID\":\"" + orderId + "\",\"Reason\":\"cancelled by the customer\"}");
        });
    }

    @Test
    void anApprovedOrderCannotBeCancelled() {
        String orderId = order("created", "paymentdebited", "approved");
        int before = STORE.createCalls();

        Http.Response response = new Http(port).postJson("/api/orders/" + orderId + "/cancel", "");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("detail").stringValue()).isEqualTo("The order is Approved already");
        assertThat(STORE.createCalls()).isEqualTo(before);
    }

    @Test
    void anOrderOnItsWayToRejectedCannotBeCancelled() {
        String orderId = order("created", "paymentfailed");
        assertThat(new Http(port).postJson("/api/orders/" + orderId + "/cancel", "").status()).isEqualTo(409);
    }

    @Test
    void anUnknownOrderIs404AndABadIdIs400() {
        assertThat(new Http(port).postJson("/api/orders/" + UUID.randomUUID() + "/cancel", "").status())
                .isEqualTo(404);
        assertThat(new Http(port).postJson("/api/orders/not-a-uuid/cancel", "").status()).isEqualTo(400);
    }

    /** An order with these events (short names) at versions 1, 2, 3... */
    private static String order(String... types) {
        String orderId = UUID.randomUUID().toString();
        for (String type : types) {
            STORE.putOrderEvent(STREAM, STREAM + "." + type, orderId, "{}");
        }
        return orderId;
    }
}

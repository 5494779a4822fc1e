package io.eventstream.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.EventIds;
import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.proto.eventstore.Event;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** What the contract asks of every event a worker appends to an order's history in answer to another. */
public final class AppendedEvents {

    private AppendedEvents() {
    }

    /**
     * {@code event} is the {@code suffix} event (e.g. "approved") of {@code orderId}, appended in answer
     * to {@code causationId}: the id the contract derives from its kind and order (the same on every
     * retry), its type on the stream of {@code types}, an order aggregate, and the order as its
     * correlation id.
     */
    public static void assertAnswer(Event event, OrderEventTypes types, String suffix, String orderId,
                                    String causationId) {
        OrderEventKind kind = OrderEventKind.ofSuffix(suffix).orElseThrow();
        assertThat(event.getEventId()).isEqualTo(EventIds.of(kind, orderId))
                .isEqualTo(UUID.nameUUIDFromBytes((suffix + ":" + orderId).getBytes(StandardCharsets.UTF_8)).toString());
        assertThat(event.getEventType()).isEqualTo(types.stream() + "." + suffix);
        assertThat(event.getAggregateId()).isEqualTo(orderId);
        assertThat(event.getAggregateType()).isEqualTo("order");
        assertThat(event.getStream()).isEqualTo(types.stream());
        assertThat(event.getMetadataMap())
                .containsEntry(EventHeaders.CORRELATION_ID, orderId)
                .containsEntry(EventHeaders.CAUSATION_ID, causationId);
    }
}

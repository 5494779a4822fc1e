package io.eventstream.querymodel;

import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.events.upcast.SchemaVersions;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Order events as the projection's consumer receives them from the event store, with the store's
 * headers. Ids and times follow from the event alone (created at {@link #T0} plus its version), so
 * two read models fed the same orders can be compared row for row; stream sequences count up.
 */
public final class StoredOrderEvents {

    public static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private final OrderEventTypes types;
    private final AtomicLong sequence = new AtomicLong();

    public StoredOrderEvents(OrderEventTypes types) {
        this.types = types;
    }

    /** Event {@code name} of an order at {@code version}, without a Schema-Version header. */
    public ReceivedEvent event(String name, String orderId, long version, String body) {
        return event(name, orderId, version, null, body);
    }

    /** The same with the Schema-Version header {@code schemaVersion}; null: none, as the original wrote them. */
    public ReceivedEvent event(String name, String orderId, long version, String schemaVersion, String body) {
        String type = types.stream() + "." + name;
        String eventId = orderId + "/" + version + "/" + name;
        Headers headers = new Headers()
                .put(EventHeaders.MSG_ID, eventId)
                .put(EventHeaders.EVENT_ID, eventId)
                .put(EventHeaders.EVENT_TYPE, type)
                .put(EventHeaders.AGGREGATE_ID, orderId)
                .put(EventHeaders.AGGREGATE_VERSION, Long.toString(version))
                .put(EventHeaders.CREATED_AT, T0.plusSeconds(version).toString());
        if (schemaVersion != null) {
            headers.put(SchemaVersions.KEY, schemaVersion);
        }
        return new ReceivedEvent(type, eventId, orderId, version, body.getBytes(StandardCharsets.UTF_8), headers, 1,
                sequence.incrementAndGet());
    }
}

package io.eventstream.eventstore.append;

import java.util.Map;

/**
 * An event a writer asks to append. {@code data} is the event_data exactly as sent
 * (empty for an event without data); {@code metadata} becomes NATS headers on publish.
 */
public record NewEvent(
        String eventId,
        String eventType,
        String aggregateId,
        String aggregateType,
        String data,
        String stream,
        Map<String, String> metadata) {

    public NewEvent {
        metadata = Map.copyOf(metadata);
    }

    public boolean hasData() {
        return data != null && !data.isEmpty();
    }

    /** Same event for idempotency: everything the writer chose except metadata (trace ids differ per retry). */
    public boolean sameContentAs(NewEvent other) {
        return eventType.equals(other.eventType)
                && aggregateId.equals(other.aggregateId)
                && aggregateType.equals(other.aggregateType)
                && stream.equals(other.stream)
                && (hasData() ? data.equals(other.data) : !other.hasData());
    }
}

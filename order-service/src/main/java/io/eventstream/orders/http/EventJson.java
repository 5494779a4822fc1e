package io.eventstream.orders.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.eventstream.proto.eventstore.Event;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

/**
 * One stored event. {@code data} is the event_data as JSON (null when the event has none,
 * as ORDERS.approved; a string if it is not JSON, which the store does not forbid).
 */
@JsonPropertyOrder({"event_id", "event_type", "aggregate_id", "aggregate_type", "version", "position",
        "created_at", "metadata", "data"})
record EventJson(
        @JsonProperty("event_id") String eventId,
        @JsonProperty("event_type") String eventType,
        @JsonProperty("aggregate_id") String aggregateId,
        @JsonProperty("aggregate_type") String aggregateType,
        @JsonProperty("version") long version,
        @JsonProperty("position") long position,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("metadata") Map<String, String> metadata,
        @JsonProperty("data") JsonNode data) {

    static EventJson from(Event event, JsonMapper json) {
        Instant createdAt = event.hasCreatedAt()
                ? Instant.ofEpochSecond(event.getCreatedAt().getSeconds(), event.getCreatedAt().getNanos())
                : null;
        return new EventJson(event.getEventId(), event.getEventType(), event.getAggregateId(),
                event.getAggregateType(), event.getVersion(), event.getPosition(), createdAt,
                new TreeMap<>(event.getMetadataMap()), data(event.getEventData(), json));
    }

    private static JsonNode data(String eventData, JsonMapper json) {
        if (eventData.isEmpty()) {
            return null;
        }
        try {
            return json.readTree(eventData);
        } catch (JacksonException e) {
            return StringNode.valueOf(eventData);
        }
    }
}

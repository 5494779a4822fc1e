package io.eventstream.orders.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.eventstream.orders.query.StatusChange;
import java.time.Instant;

@JsonPropertyOrder({"status", "reached_at", "version", "event_type", "reason"})
@JsonInclude(JsonInclude.Include.NON_NULL)
record StatusChangeJson(
        @JsonProperty("status") String status,
        @JsonProperty("reached_at") Instant reachedAt,
        @JsonProperty("version") long version,
        @JsonProperty("event_type") String eventType,
        @JsonProperty("reason") String reason) {

    static StatusChangeJson from(StatusChange change) {
        return new StatusChangeJson(change.status(), change.reachedAt(), change.version(), change.eventType(),
                change.reason());
    }
}

package io.eventstream.orders.board;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One order event as the board's live feed sends it: the short event name ("created"), the
 * status it moves the order to (as the read model names it), and where it sits in the store.
 */
public record BoardEvent(
        @JsonProperty("position") long position,
        @JsonProperty("order_id") String orderId,
        @JsonProperty("event") String event,
        @JsonProperty("status") String status,
        @JsonProperty("version") long version,
        @JsonProperty("created_at") Instant createdAt) {
}

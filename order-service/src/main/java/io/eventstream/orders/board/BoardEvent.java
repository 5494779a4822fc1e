package io.eventstream.orders.board;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One order event as the board's live feed sends it: the short event name ("created"), the
 * status it moves the order to (as the read model names it), and where it sits in the store.
 * {@code history} is true for an event that was in the log before the feed (or this browser)
 * started: context to show, not something happening now, so the board does not count it as current.
 */
public record BoardEvent(
        @JsonProperty("position") long position,
        @JsonProperty("order_id") String orderId,
        @JsonProperty("event") String event,
        @JsonProperty("status") String status,
        @JsonProperty("version") long version,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("history") boolean history) {

    BoardEvent asHistory() {
        return history ? this : new BoardEvent(position, orderId, event, status, version, createdAt, true);
    }
}

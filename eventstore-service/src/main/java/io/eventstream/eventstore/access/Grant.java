package io.eventstream.eventstore.access;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one identity may do.
 *
 * @param append the event types it may append, by their name after the stream's prefix
 *               ({@code created}, {@code cancelrequested}: {@code ORDERS.created} is {@code created})
 * @param read   whether it may read: GetEvents, GetEventsStream, GetLogEnd
 */
public record Grant(Set<String> append, boolean read) {

    public Grant {
        append = append == null ? Set.of()
                : append.stream().map(String::trim).collect(Collectors.toUnmodifiableSet());
    }
}

package io.eventstream.eventstore.append;

/**
 * The result of an append.
 *
 * @param version   the aggregate version the event is stored at
 * @param duplicate true when the same event (id and content) was already stored
 */
public record AppendOutcome(long version, boolean duplicate) {
}

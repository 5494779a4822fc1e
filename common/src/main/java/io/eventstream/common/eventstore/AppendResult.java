package io.eventstream.common.eventstore;

/**
 * What the event store answered to an append.
 *
 * @param version   the aggregate version the event is stored at
 * @param duplicate true when the same event id and content were already stored
 */
public record AppendResult(long version, boolean duplicate) {
}

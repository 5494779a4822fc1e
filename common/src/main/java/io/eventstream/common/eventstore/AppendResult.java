package io.eventstream.common.eventstore;

import io.eventstream.proto.eventstore.CreateEventResponse;

/**
 * What the event store answered to an append.
 *
 * @param version   the aggregate version the event is stored at
 * @param duplicate true when the same event id and content were already stored
 */
public record AppendResult(long version, boolean duplicate) {

    /** What a CreateEvent answered. */
    static AppendResult of(CreateEventResponse response) {
        return new AppendResult(response.getVersion(), response.getDuplicate());
    }
}

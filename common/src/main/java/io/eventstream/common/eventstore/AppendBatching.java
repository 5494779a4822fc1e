package io.eventstream.common.eventstore;

import java.time.Duration;

/**
 * How an {@link EventStoreClient} sends appends made at the same time ({@link AppendCoalescer}):
 * {@code eventstream.eventstore.append-batching.*}.
 *
 * @param enabled      send concurrent appends as one CreateEvents; false: one CreateEvent each, as before
 * @param inFlight     append calls out at once; while that many are out, further appends wait and
 *                     go together in the next call (1: the most coalescing; a lone append never waits)
 * @param maxEvents    most events in one call (the store refuses more than its
 *                     {@code eventstream.store.create-events-max}, 500 by default)
 * @param maxBytes     about the most request bytes in one call (gRPC's default message limit is 4 MiB);
 *                     a larger event goes alone
 * @param reprobeAfter after an UNIMPLEMENTED (the original's store), how long appends go one
 *                     CreateEvent each before CreateEvents is tried again
 */
public record AppendBatching(Boolean enabled, Integer inFlight, Integer maxEvents, Integer maxBytes,
                             Duration reprobeAfter) {

    public AppendBatching {
        enabled = enabled == null || enabled;
        inFlight = inFlight == null ? 1 : Math.max(1, inFlight);
        maxEvents = maxEvents == null ? 100 : Math.max(1, maxEvents);
        maxBytes = maxBytes == null ? 1024 * 1024 : Math.max(1, maxBytes);
        reprobeAfter = reprobeAfter == null ? Duration.ofMinutes(10) : reprobeAfter;
    }

    public static AppendBatching defaults() {
        return new AppendBatching(null, null, null, null, null);
    }

    public static AppendBatching off() {
        return new AppendBatching(false, null, null, null, null);
    }
}

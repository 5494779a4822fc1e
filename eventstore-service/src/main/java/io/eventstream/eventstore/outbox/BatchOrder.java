package io.eventstream.eventstore.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order in which a batch of unpositioned events takes its positions: by the running maximum of
 * {@code enqueued_at} over each aggregate's versions, then aggregate, then version. Plain Java, so
 * the relay's database only picks the rows and writes the numbers.
 *
 * <p>{@code enqueued_at} is the clock of the node that took the insert; with nodes on separate
 * machines, version n+1 can carry an earlier time than version n. The running maximum never
 * decreases from one version to the next, so each aggregate's versions keep their order whatever
 * the clocks say, and otherwise the batch follows the enqueue order.
 */
final class BatchOrder {

    private BatchOrder() {
    }

    /** The event ids, in position order. */
    static List<String> of(Collection<UnpositionedEvent> batch) {
        Map<String, List<UnpositionedEvent>> byAggregate = new LinkedHashMap<>();
        for (UnpositionedEvent e : batch) {
            byAggregate.computeIfAbsent(e.aggregateId(), a -> new ArrayList<>()).add(e);
        }
        record Settled(UnpositionedEvent event, Instant at) {
        }
        List<Settled> settled = new ArrayList<>(batch.size());
        for (List<UnpositionedEvent> versions : byAggregate.values()) {
            versions.sort(Comparator.comparingLong(UnpositionedEvent::version));
            Instant at = Instant.MIN;
            for (UnpositionedEvent e : versions) {
                at = e.enqueuedAt().isAfter(at) ? e.enqueuedAt() : at;
                settled.add(new Settled(e, at));
            }
        }
        settled.sort(Comparator.comparing(Settled::at)
                .thenComparing(s -> s.event().aggregateId())
                .thenComparingLong(s -> s.event().version()));
        return settled.stream().map(s -> s.event().eventId()).toList();
    }

    /**
     * Each aggregate's lowest version in the batch, where that is above 1: the aggregates whose lower
     * versions may still be unpositioned outside the batch (enqueued later by a clock behind).
     */
    static Map<String, Long> lowestAboveFirst(Collection<UnpositionedEvent> batch) {
        Map<String, Long> lowest = new LinkedHashMap<>();
        for (UnpositionedEvent e : batch) {
            lowest.merge(e.aggregateId(), e.version(), Math::min);
        }
        lowest.values().removeIf(version -> version <= 1);
        return lowest;
    }
}

package io.eventstream.eventstore.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchOrderTest {

    private static final Instant T = Instant.parse("2026-12-06T00:00:00Z");

    private static UnpositionedEvent event(String aggregate, long version, long millis) {
        return new UnpositionedEvent(aggregate + "-v" + version, aggregate, version, T.plusMillis(millis));
    }

    @Test
    void aBatchWhoseClocksAgreeFollowsTheEnqueueOrder() {
        assertThat(BatchOrder.of(List.of(event("b", 1, 2), event("a", 1, 1), event("a", 2, 3))))
                .containsExactly("a-v1", "b-v1", "a-v2");
    }

    @Test
    void aVersionThatLooksOlderThanTheOneBeforeItStillComesAfterIt() {
        // a's version 2 was enqueued by a node whose clock is behind: it looks older than version 1 and than b.
        assertThat(BatchOrder.of(List.of(event("a", 2, 0), event("b", 1, 5), event("a", 1, 10))))
                .containsExactly("b-v1", "a-v1", "a-v2");
    }

    @Test
    void everyLaterVersionWaitsForTheLatestTimeBeforeIt() {
        List<String> order = BatchOrder.of(List.of(event("a", 3, 1), event("a", 2, 2), event("a", 1, 30),
                event("b", 1, 20), event("b", 2, 40)));
        assertThat(order).containsExactly("b-v1", "a-v1", "a-v2", "a-v3", "b-v2");
    }

    @Test
    void equalTimesAreOrderedByAggregateThenVersion() {
        assertThat(BatchOrder.of(List.of(event("b", 1, 0), event("a", 2, 0), event("a", 1, 0))))
                .containsExactly("a-v1", "a-v2", "b-v1");
    }

    @Test
    void onlyAggregatesWhoseLowestVersionInTheBatchIsAboveTheFirstNeedALookAtTheRest() {
        Map<String, Long> heads = BatchOrder.lowestAboveFirst(List.of(event("a", 1, 0), event("a", 2, 1),
                event("b", 3, 2), event("b", 2, 3), event("c", 5, 4)));
        assertThat(heads).containsExactlyInAnyOrderEntriesOf(Map.of("b", 2L, "c", 5L));
    }
}

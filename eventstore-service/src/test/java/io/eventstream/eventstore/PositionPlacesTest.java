package io.eventstream.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.proto.eventstore.Event;
import io.eventstream.proto.eventstore.GetEventsRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Where the relay writes a position (schema V10): on PostgreSQL a narrow row of event_positions,
 * found by the event's seq; for an event without a seq (CockroachDB, where V10 gives no sequence,
 * or an event stored before V10) in the event's own row. A log holds both after an upgrade, and
 * every read gives each event its position from wherever it is, in one gap-free order.
 */
class PositionPlacesTest extends EventStoreTestBase {

    @Test
    void onPostgreSqlTheRelayWritesPositionsIntoTheNarrowTableAndLeavesTheEventRowsAlone() throws Exception {
        EventStoreInstance store = startInstance();
        append(store, 12);
        StreamReader.awaitCount(nats, stream, 12, 15_000);
        awaitOutboxEmpty();

        assertThat(query("SELECT count(*) FROM event_positions")).isEqualTo(12);
        assertThat(query("SELECT count(*) FROM events WHERE position IS NOT NULL")).as("event rows rewritten").isZero();
        assertThat(query("SELECT count(*) FROM events e JOIN event_positions p ON p.seq = e.seq")).isEqualTo(12);
        assertThat(positionsFrom(store, 0, 5)).containsExactlyElementsOf(range(1, 12));
    }

    @Test
    void aLogWithPositionsInBothPlacesReadsAsOneGapFreeLog() throws Exception {
        // Pages of 4 for GetEventsStream: its catch-up reads each next page while it sends one.
        EventStoreInstance store = startInstance("--eventstream.store.follow-page=4");
        append(store, 7);
        StreamReader.awaitCount(nats, stream, 7, 15_000);
        // As on CockroachDB, or in a store before V10: events without a seq, positioned in their row.
        sql("ALTER TABLE events ALTER COLUMN seq DROP DEFAULT");
        append(store, 6);
        StreamReader.awaitCount(nats, stream, 13, 15_000);
        sql("ALTER TABLE events ALTER COLUMN seq SET DEFAULT nextval('events_seq')");
        append(store, 5);
        StreamReader.awaitCount(nats, stream, 18, 15_000);
        awaitOutboxEmpty();

        assertThat(query("SELECT count(*) FROM event_positions")).as("in the table").isEqualTo(12);
        assertThat(query("SELECT count(*) FROM events WHERE position IS NOT NULL")).as("in the row").isEqualTo(6);
        assertThat(query("SELECT min(position) * 100 + max(position) FROM events")).as("the middle six").isEqualTo(813);

        // Pages smaller than each run, so pages cross from one place to the other and back.
        for (int page : new int[] {1, 4, 5, 100}) {
            assertThat(positionsFrom(store, 0, page)).as("page " + page).containsExactlyElementsOf(range(1, 18));
        }
        List<Long> streamed = new ArrayList<>();
        store.stub().getEventsStream(GetEventsRequest.newBuilder().setFromPosition(3).build())
                .forEachRemaining(e -> streamed.add(e.getPosition()));
        assertThat(streamed).as("GetEventsStream's catch-up, page by page").containsExactlyElementsOf(range(4, 18));

        // By aggregate (in version order) and by id: each event with its position, from either place.
        List<Event> agg = store.stub().getEvents(GetEventsRequest.newBuilder().setAggregateId("agg-1").build())
                .getEventsList();
        assertThat(agg).extracting(Event::getVersion).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(agg).extracting(Event::getPosition).isSorted().doesNotContain(0L).doesNotHaveDuplicates();
        assertThat(agg).extracting(Event::getPosition).containsAnyElementsOf(range(8, 13))
                .containsAnyElementsOf(range(1, 7));
        for (Event e : agg) {
            List<Event> byId = store.stub().getEvents(GetEventsRequest.newBuilder().setEventId(e.getEventId()).build())
                    .getEventsList();
            assertThat(byId).extracting(Event::getPosition).containsExactly(e.getPosition());
        }
    }

    private void append(EventStoreInstance store, int events) {
        for (int i = 0; i < events; i++) {
            store.stub().createEvent(request(event("agg-" + (i % 3), "{\"i\":" + i + "}")));
        }
    }

    /** Every position from {@code from}, read with GetEvents page by page as a follower does. */
    private static List<Long> positionsFrom(EventStoreInstance store, long from, int page) {
        List<Long> positions = new ArrayList<>();
        long after = from;
        while (true) {
            List<Event> events = store.stub().getEvents(GetEventsRequest.newBuilder().setFromPosition(after)
                    .setLimit(page).build()).getEventsList();
            if (events.isEmpty()) {
                return positions;
            }
            events.forEach(e -> positions.add(e.getPosition()));
            after = events.get(events.size() - 1).getPosition();
        }
    }

    private static List<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }
}

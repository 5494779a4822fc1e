package io.eventstream.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.proto.eventstore.GetEventsRequest;
import io.nats.client.api.MessageInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two event store instances on one database, appending at once to the same aggregates:
 * every event is stored once at its own version, published once, each aggregate's
 * events reach the stream in version order, and positions are gapless.
 */
class TwoInstancesTest extends EventStoreTestBase {

    private static final int WRITERS = 8;
    private static final int EVENTS_PER_WRITER = 40;
    private static final int AGGREGATES = 10;

    @Test
    void concurrentWritersOnTwoInstancesNeitherLoseNorDuplicate() throws Exception {
        List<EventStoreInstance> instances = List.of(startInstance(), startInstance());
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            EventStoreInstance target = instances.get(w % 2);
            int writer = w;
            writers.add(pool.submit(() -> {
                for (int i = 0; i < EVENTS_PER_WRITER; i++) {
                    target.stub().createEvent(request(event("agg-" + (i % AGGREGATES),
                            "{\"writer\":" + writer + ",\"i\":" + i + "}")));
                }
                return null;
            }));
        }
        for (Future<?> f : writers) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        int total = WRITERS * EVENTS_PER_WRITER;

        StreamReader.awaitCount(nats, stream, total, 30_000);
        Thread.sleep(500);
        List<MessageInfo> messages = StreamReader.all(nats, stream);
        assertThat(messages).hasSize(total);

        Map<String, Long> lastVersionSeen = new HashMap<>();
        long expectedPosition = 1;
        for (MessageInfo m : messages) {
            String aggregate = StreamReader.header(m, EventHeaders.AGGREGATE_ID);
            long version = Long.parseLong(StreamReader.header(m, EventHeaders.AGGREGATE_VERSION));
            assertThat(version).as("version order of " + aggregate).isEqualTo(lastVersionSeen.getOrDefault(aggregate, 0L) + 1);
            lastVersionSeen.put(aggregate, version);
            assertThat(Long.parseLong(StreamReader.header(m, EventHeaders.POSITION))).isEqualTo(expectedPosition++);
        }
        for (int a = 0; a < AGGREGATES; a++) {
            List<Event> stored = instances.get(0).stub()
                    .getEvents(GetEventsRequest.newBuilder().setAggregateId("agg-" + a).build()).getEventsList();
            assertThat(stored).extracting(Event::getVersion)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, stored.size()).boxed().toList());
        }
    }
}

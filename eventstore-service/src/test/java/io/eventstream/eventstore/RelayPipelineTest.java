package io.eventstream.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.nats.OrderStreams;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.proto.eventstore.CreateEventsRequest;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamConfiguration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The relay's two loops (positioning, publishing; OutboxRelay): what splitting them could break.
 * Order across the loops under a backlog with appends still coming, a publish JetStream refuses in
 * the middle of a batch, and a stop while acked rows wait for their delete.
 */
class RelayPipelineTest extends EventStoreTestBase {

    @Test
    void aBacklogDrainedWhileAppendsGoOnReachesTheStreamGaplessAndInPositionOrder() throws Exception {
        int backlog = 2_000;
        try (EventStoreInstance withoutRelay = EventStoreInstance.start(database, stream, "--eventstream.outbox.enabled=false")) {
            appendInCalls(withoutRelay, backlog, 0);
        }
        // Small batches: the positioning loop runs many rounds ahead of the publishing loop.
        EventStoreInstance store = startInstance("--eventstream.outbox.batch-size=50");
        int more = 300;
        CompletableFuture<Void> appends = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < more; i++) {
                store.stub().createEvent(request(event("agg-" + (i % 40), "{\"late\":" + i + "}")));
            }
        });
        appends.get();
        int total = backlog + more;
        StreamReader.awaitCount(nats, stream, total, 60_000);
        awaitOutboxEmpty();

        List<MessageInfo> messages = StreamReader.all(nats, stream);
        assertThat(messages).hasSize(total);
        assertThat(messages.stream().map(m -> Long.parseLong(StreamReader.header(m, EventHeaders.POSITION))).toList())
                .as("gapless, each once, in publish order")
                .isEqualTo(LongStream.rangeClosed(1, total).boxed().toList());
        Map<String, Long> lastVersion = new HashMap<>();
        for (MessageInfo m : messages) {
            String aggregate = StreamReader.header(m, EventHeaders.AGGREGATE_ID);
            long version = Long.parseLong(StreamReader.header(m, EventHeaders.AGGREGATE_VERSION));
            assertThat(version).as("version order of " + aggregate).isEqualTo(lastVersion.getOrDefault(aggregate, 0L) + 1);
            lastVersion.put(aggregate, version);
        }
    }

    @Test
    void aPublishRefusedInTheMiddleOfABatchIsRetriedInOrderFromTheFirstUnackedEvent() throws Exception {
        // A stream that takes 25 messages and refuses the rest: the batch of 40 is acked up to the 25th.
        TestInfra.deleteStream(nats, stream);
        StreamConfiguration shipped = OrderStreams.events(new OrderEventTypes(stream));
        nats.jetStreamManagement().addStream(StreamConfiguration.builder(shipped)
                .maxMessages(25).discardPolicy(DiscardPolicy.New).build());
        try (EventStoreInstance withoutRelay = EventStoreInstance.start(database, stream, "--eventstream.outbox.enabled=false")) {
            appendInCalls(withoutRelay, 40, 0);
        }
        startInstance();
        StreamReader.awaitCount(nats, stream, 25, 15_000);
        Thread.sleep(700); // rounds of retries, each refused after the 25th
        assertThat(StreamReader.count(nats, stream)).isEqualTo(25);
        assertThat(outboxRows()).as("the refused ones wait").isEqualTo(15);

        nats.jetStreamManagement().updateStream(StreamConfiguration.builder(shipped).discardPolicy(DiscardPolicy.New).build());
        StreamReader.awaitCount(nats, stream, 40, 15_000);
        awaitOutboxEmpty();
        List<MessageInfo> messages = StreamReader.all(nats, stream);
        assertThat(messages.stream().map(m -> Long.parseLong(StreamReader.header(m, EventHeaders.POSITION))).toList())
                .isEqualTo(LongStream.rangeClosed(1, 40).boxed().toList());
        assertThat(messages.stream().map(m -> StreamReader.header(m, EventHeaders.MSG_ID)).collect(Collectors.toSet()))
                .hasSize(40);
    }

    @Test
    void aStopDeletesTheAckedRowsThatWaitedForTheNextRound() throws Exception {
        // No idle poll to speak of: the last round's acked rows wait for the next append, which never comes.
        EventStoreInstance store = EventStoreInstance.start(database, stream, "--eventstream.outbox.idle-poll=10m");
        try {
            for (int i = 0; i < 20; i++) {
                store.stub().createEvent(request(event("agg-" + (i % 3), "{\"i\":" + i + "}")));
            }
            StreamReader.awaitCount(nats, stream, 20, 15_000);
            Thread.sleep(300);
            // The last round: one append to a relay at rest. (After appends in a row, an append that
            // committed during a round may start one more round, which deletes what was acked by then.)
            store.stub().createEvent(request(event("agg-last", "{\"i\":20}")));
            StreamReader.awaitCount(nats, stream, 21, 15_000);
            Thread.sleep(300);
            assertThat(outboxRows()).as("acked, not yet deleted").isPositive();
        } finally {
            store.close();
        }
        assertThat(outboxRows()).as("deleted by the stop").isZero();
        List<MessageInfo> messages = StreamReader.all(nats, stream);
        assertThat(messages.stream().map(m -> StreamReader.header(m, EventHeaders.MSG_ID)).collect(Collectors.toSet()))
                .hasSize(21);
        assertThat(messages).hasSize(21);
    }

    /** {@code count} events over 40 aggregates, 100 to a CreateEvents call. */
    private void appendInCalls(EventStoreInstance store, int count, int from) {
        for (int start = from; start < from + count; start += 100) {
            CreateEventsRequest.Builder call = CreateEventsRequest.newBuilder();
            for (int i = start; i < Math.min(from + count, start + 100); i++) {
                call.addEvents(request(event("agg-" + (i % 40), "{\"i\":" + i + "}")));
            }
            assertThat(store.stub().createEvents(call.build()).getResultsList())
                    .allSatisfy(r -> assertThat(r.getCode()).isZero());
        }
    }
}

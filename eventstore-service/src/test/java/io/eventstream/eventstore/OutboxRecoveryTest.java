package io.eventstream.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.testing.TestInfra;
import io.nats.client.api.MessageInfo;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The relay's crash windows: after the commit but before the publish, and after the
 * publish but before the outbox row is deleted. Neither loses nor duplicates an event.
 */
class OutboxRecoveryTest extends EventStoreTestBase {

    @Test
    void eventsCommittedWhileNoRelayRanArePublishedOnceItStarts() throws Exception {
        try (EventStoreInstance withoutRelay = EventStoreInstance.start(database, stream, "--eventstream.outbox.enabled=false")) {
            for (int i = 0; i < 50; i++) {
                withoutRelay.stub().createEvent(request(event("agg-" + (i % 5), "{\"i\":" + i + "}")));
            }
            Thread.sleep(300);
            assertThat(StreamReader.count(nats, stream)).isZero();
        }

        startInstance();

        StreamReader.awaitCount(nats, stream, 50, 15_000);
        Thread.sleep(500);
        List<MessageInfo> messages = StreamReader.all(nats, stream);
        assertThat(messages).hasSize(50);
        assertThat(messages.stream().map(m -> StreamReader.header(m, EventHeaders.MSG_ID)).collect(Collectors.toSet()))
                .hasSize(50);
        assertThat(outboxRows()).isZero();
    }

    @Test
    void aRepublishAfterACrashBeforeTheOutboxDeleteIsAbsorbedByTheStream() throws Exception {
        EventStoreInstance store = startInstance();
        for (int i = 0; i < 20; i++) {
            store.stub().createEvent(request(event("agg-" + (i % 3), "{\"i\":" + i + "}")));
        }
        StreamReader.awaitCount(nats, stream, 20, 15_000);
        awaitOutboxEmpty();

        // As if the relay had died after JetStream's acks and before deleting the rows.
        sql("INSERT INTO outbox (event_id) SELECT id FROM events");
        awaitOutboxEmpty();

        List<MessageInfo> messages = StreamReader.all(nats, stream);
        assertThat(messages).hasSize(20);
        Set<String> ids = messages.stream().map(m -> StreamReader.header(m, EventHeaders.MSG_ID)).collect(Collectors.toSet());
        assertThat(ids).hasSize(20);
    }

    @Test
    void eventsJetStreamRefusedArePublishedOnceEachAndInPositionOrderWhenItAcceptsThemAgain() throws Exception {
        EventStoreInstance store = startInstance();
        store.stub().createEvent(request(event("agg-0", "{\"i\":0}")));
        StreamReader.awaitCount(nats, stream, 1, 10_000);

        // No stream: every publish fails (no responders) while the writers go on appending.
        TestInfra.deleteStream(nats, stream);
        for (int i = 1; i < 40; i++) {
            store.stub().createEvent(request(event("agg-" + (i % 4), "{\"i\":" + i + "}")));
        }
        Thread.sleep(500);
        TestInfra.createStream(nats, stream);

        StreamReader.awaitCount(nats, stream, 39, 20_000);
        awaitOutboxEmpty();
        List<MessageInfo> messages = StreamReader.all(nats, stream);
        assertThat(messages).hasSize(39);
        List<Long> positions = messages.stream()
                .map(m -> Long.parseLong(StreamReader.header(m, EventHeaders.POSITION))).toList();
        assertThat(positions).isSorted().doesNotHaveDuplicates();
        assertThat(positions.get(0)).isEqualTo(2);
        assertThat(positions.get(38)).isEqualTo(40);
    }
}

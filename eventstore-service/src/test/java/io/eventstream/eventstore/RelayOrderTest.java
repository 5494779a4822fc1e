package io.eventstream.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.events.EventHeaders;
import io.nats.client.api.MessageInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each aggregate's events are positioned and published in version order whatever their enqueue
 * times say. On a cluster, {@code enqueued_at} is the clock of the node that took the insert, so
 * version n+1 can look older than version n; here the times are made to disagree with the
 * versions outright (every aggregate's versions enqueued in reverse), also across the batch
 * limit (batch size 1: the oldest-looking event, a highest version, is picked alone).
 *
 * <p>Outbox rows carry their event's aggregate and version (schema V7), and the relay orders from
 * them; rows without them (written before V7, or by an older store during a rolling upgrade) make
 * the relay order from the log instead, also when only some rows lack them.
 */
class RelayOrderTest extends EventStoreTestBase {

    private static final int AGGREGATES = 4;
    private static final int VERSIONS = 3;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 500})
    void positionsAndPublishOrderFollowVersionsWhateverTheEnqueueTimes(int batchSize) throws Exception {
        appendWithEnqueueTimesAgainstVersions();

        startInstance("--eventstream.outbox.batch-size=" + batchSize);

        assertPublishedInVersionOrder();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 500})
    void rowsWithoutTheirAggregateAndVersionArePositionedInVersionOrderToo(int batchSize) throws Exception {
        appendWithEnqueueTimesAgainstVersions();
        // As an event store from before V7 writes them: the first versions only, so rounds mix both kinds.
        sql("UPDATE outbox SET aggregateid = NULL, version = NULL WHERE event_id IN (SELECT id FROM events WHERE version = 1)");
        assertThat(query("SELECT count(*) FROM outbox WHERE aggregateid IS NULL")).isEqualTo(AGGREGATES);

        startInstance("--eventstream.outbox.batch-size=" + batchSize);

        assertPublishedInVersionOrder();
    }

    private void appendWithEnqueueTimesAgainstVersions() throws Exception {
        try (EventStoreInstance withoutRelay = EventStoreInstance.start(database, stream, "--eventstream.outbox.enabled=false")) {
            for (int v = 1; v <= VERSIONS; v++) {
                for (int a = 0; a < AGGREGATES; a++) {
                    withoutRelay.stub().createEvent(request(event("agg-" + a, "{\"v\":" + v + "}")));
                }
            }
        }
        // Higher versions "earlier": v3 before v2 before v1, and aggregates interleaved.
        sql("UPDATE outbox SET enqueued_at = TIMESTAMPTZ '2020-01-01 00:00:00+00'"
                + " - e.version * INTERVAL '1 second' + CAST(substr(e.aggregateid, 5) AS INT) * INTERVAL '1 millisecond'"
                + " FROM events e WHERE e.id = outbox.event_id");
        assertThat(query("SELECT count(*) FROM outbox WHERE aggregateid IS NULL OR version IS NULL"))
                .as("each outbox row carries its aggregate and version").isZero();
    }

    private void assertPublishedInVersionOrder() throws Exception {
        int total = AGGREGATES * VERSIONS;
        StreamReader.awaitCount(nats, stream, total, 20_000);
        List<MessageInfo> messages = StreamReader.all(nats, stream);
        assertThat(messages).hasSize(total);

        Map<String, List<Long>> publishedVersions = new LinkedHashMap<>();
        Map<String, List<Long>> publishedPositions = new LinkedHashMap<>();
        List<Long> positions = new ArrayList<>();
        for (MessageInfo m : messages) { // stream order is publish order
            String aggregate = StreamReader.header(m, EventHeaders.AGGREGATE_ID);
            long position = Long.parseLong(StreamReader.header(m, EventHeaders.POSITION));
            publishedVersions.computeIfAbsent(aggregate, k -> new ArrayList<>())
                    .add(Long.parseLong(StreamReader.header(m, EventHeaders.AGGREGATE_VERSION)));
            publishedPositions.computeIfAbsent(aggregate, k -> new ArrayList<>()).add(position);
            positions.add(position);
        }
        assertThat(publishedVersions).hasSize(AGGREGATES);
        publishedVersions.forEach((aggregate, versions) ->
                assertThat(versions).as(aggregate).containsExactly(1L, 2L, 3L));
        publishedPositions.forEach((aggregate, p) -> assertThat(p).as(aggregate).isSorted());
        assertThat(positions).as("gapless, in publish order").isEqualTo(
                java.util.stream.LongStream.rangeClosed(1, total).boxed().toList());
        // Wherever the relay wrote a position (schema V10): the narrow table by seq, or the event's row.
        String logged = "WITH logged AS (SELECT e.aggregateid, e.version, COALESCE(e.position, p.position) AS position"
                + " FROM events e LEFT JOIN event_positions p ON p.seq = e.seq)";
        assertThat(query(logged + " SELECT count(*) FROM logged WHERE position IS NULL")).as("unpositioned").isZero();
        assertThat(query(logged + " SELECT count(*) FROM logged e1 JOIN logged e2 ON e1.aggregateid = e2.aggregateid"
                + " AND e1.version < e2.version WHERE e1.position > e2.position")).as("log positions against versions")
                .isZero();
    }
}

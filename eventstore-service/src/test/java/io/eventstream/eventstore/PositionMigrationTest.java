package io.eventstream.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.proto.eventstore.GetEventsRequest;
import io.eventstream.proto.eventstore.GetLogEndRequest;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A log written before schema V7, its positions in the old {@code events.position} column, migrated
 * by the store's own start (V7-V9): every position kept (in {@code event_positions}), the old column
 * gone, reads answering as before, and the relay numbering what it had not numbered after the log's end.
 */
class PositionMigrationTest extends EventStoreTestBase {

    @Test
    void positionsInTheOldColumnAreKeptAndReadAsBefore() throws Exception {
        Flyway.configure().dataSource(TestInfra.jdbcUrl(database), TestInfra.PG_ADMIN, "")
                .locations("classpath:db/eventstore").target("6").load().migrate();
        // Two orders; e5 positioned but not yet published (still in the outbox), e6 appended and not
        // yet positioned.
        sql("""
                INSERT INTO events (id, eventtype, aggregateid, aggregatetype, stream, version, position, payload) VALUES
                  ('e1', '%1$s.created', 'a', 'order', '%1$s', 1, 1, '{"n":1}'),
                  ('e2', '%1$s.created', 'b', 'order', '%1$s', 1, 2, '{"n":2}'),
                  ('e3', '%1$s.created', 'a', 'order', '%1$s', 2, 3, '{"n":3}'),
                  ('e4', '%1$s.created', 'b', 'order', '%1$s', 2, 4, '{"n":4}'),
                  ('e5', '%1$s.created', 'a', 'order', '%1$s', 3, 5, '{"n":5}'),
                  ('e6', '%1$s.created', 'b', 'order', '%1$s', 3, NULL, '{"n":6}')""".formatted(stream));
        sql("INSERT INTO outbox (event_id, position) VALUES ('e5', 5), ('e6', NULL)");
        sql("UPDATE log_position SET last_position = 5 WHERE id = 1");

        EventStoreInstance store = startInstance();

        StreamReader.awaitCount(nats, stream, 2, 15_000);
        assertThat(StreamReader.all(nats, stream)).extracting(m -> StreamReader.header(m, EventHeaders.MSG_ID) + "@"
                + StreamReader.header(m, EventHeaders.POSITION)).containsExactly("e5@5", "e6@6");
        assertThat(store.stub().getLogEnd(GetLogEndRequest.getDefaultInstance()).getPosition()).isEqualTo(6);
        List<String> all = new ArrayList<>();
        store.stub().getEventsStream(GetEventsRequest.getDefaultInstance())
                .forEachRemaining(e -> all.add(e.getEventId() + "@" + e.getPosition() + " " + e.getEventData()));
        assertThat(all).containsExactly("e1@1 {\"n\":1}", "e2@2 {\"n\":2}", "e3@3 {\"n\":3}", "e4@4 {\"n\":4}",
                "e5@5 {\"n\":5}", "e6@6 {\"n\":6}");
        List<String> after2 = new ArrayList<>();
        store.stub().getEventsStream(GetEventsRequest.newBuilder().setFromPosition(2).setAggregateId("a").build())
                .forEachRemaining(e -> after2.add(e.getEventId() + "@" + e.getPosition()));
        assertThat(after2).containsExactly("e3@3", "e5@5");
        assertThat(store.stub().getEvents(GetEventsRequest.newBuilder().setAggregateId("b").build()).getEventsList())
                .extracting(e -> e.getEventId() + "@" + e.getPosition() + " v" + e.getVersion())
                .containsExactly("e2@2 v1", "e4@4 v2", "e6@6 v3");
        assertThat(store.stub().getEvents(GetEventsRequest.newBuilder().setEventId("e3").build()).getEventsList())
                .extracting(Event::getPosition).containsExactly(3L);

        assertThat(query("SELECT count(*) FROM information_schema.columns WHERE table_name = 'events'"
                + " AND column_name = 'position'")).as("the old column is gone").isZero();
        assertThat(query("SELECT count(*) FROM event_positions p JOIN events e ON e.id = p.event_id"
                + " WHERE p.position = CAST(substr(e.id, 2) AS BIGINT)")).isEqualTo(6);
    }

    private void sql(String statement) throws Exception {
        try (var c = DriverManager.getConnection(TestInfra.jdbcUrl(database), TestInfra.PG_ADMIN, "")) {
            c.createStatement().execute(statement);
        }
    }

    private long query(String sql) throws Exception {
        try (var c = DriverManager.getConnection(TestInfra.jdbcUrl(database), TestInfra.PG_ADMIN, "");
             var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

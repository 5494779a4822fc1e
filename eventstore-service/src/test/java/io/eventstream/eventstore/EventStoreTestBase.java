package io.eventstream.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.TestInfra;
import io.eventstream.proto.eventstore.CreateEventRequest;
import io.eventstream.proto.eventstore.Event;
import io.nats.client.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh database and stream for each test; instances started by a test are closed after it. */
abstract class EventStoreTestBase {

    protected String database;
    protected String stream;
    protected Connection nats;
    private final java.util.List<AutoCloseable> toClose = new java.util.ArrayList<>();

    @BeforeEach
    void createDatabaseAndStream() throws Exception {
        database = TestInfra.createDatabase("es_test");
        stream = TestInfra.uniqueStreamName();
        nats = TestInfra.natsConnection();
        TestInfra.createStream(nats, stream);
    }

    @AfterEach
    void dropDatabaseAndStream() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        TestInfra.deleteStream(nats, stream);
        nats.close();
        TestInfra.dropDatabase(database);
    }

    protected EventStoreInstance startInstance(String... properties) {
        EventStoreInstance instance = EventStoreInstance.start(database, stream, properties);
        toClose.add(instance);
        return instance;
    }

    protected String created() {
        return stream + ".created";
    }

    protected Event.Builder event(String aggregateId, String data) {
        return Event.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setEventType(created())
                .setAggregateId(aggregateId)
                .setAggregateType("order")
                .setEventData(data)
                .setStream(stream);
    }

    protected static CreateEventRequest request(Event.Builder event) {
        return CreateEventRequest.newBuilder().setEvent(event).build();
    }

    /** Runs a statement on the test database as its administrator. */
    protected void sql(String statement) {
        try (var c = DriverManager.getConnection(TestInfra.jdbcUrl(database), TestInfra.PG_ADMIN, "")) {
            c.createStatement().execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row of a query on the test database, as a number. */
    protected long query(String sql) throws SQLException {
        try (var c = DriverManager.getConnection(TestInfra.jdbcUrl(database), TestInfra.PG_ADMIN, "");
             var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    protected long outboxRows() throws SQLException {
        return query("SELECT count(*) FROM outbox");
    }

    protected void awaitOutboxEmpty() throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (outboxRows() > 0) {
            assertThat(System.currentTimeMillis()).as("outbox drained in time").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}

package io.eventstream.eventstore;

import io.eventstream.common.testing.TestInfra;
import io.eventstream.proto.eventstore.CreateEventRequest;
import io.eventstream.proto.eventstore.Event;
import io.nats.client.Connection;
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
}

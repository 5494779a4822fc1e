package io.eventstream.saga.messaging;

import com.zaxxer.hikari.HikariDataSource;
import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.common.testing.FakeEventStore;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.common.testing.TestPki;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.saga.SagaTestDatabase;
import io.eventstream.saga.events.StepReader;
import io.eventstream.saga.eventstore.EventStoreOrderHistory;
import io.eventstream.saga.jdbc.JdbcSagaStore;
import io.eventstream.saga.process.BatchSaga;
import io.eventstream.saga.process.Decisions;
import io.eventstream.saga.process.OrderHistory;
import io.eventstream.saga.process.OrderProcess;
import io.eventstream.saga.process.Saga;
import io.eventstream.saga.process.SagaStore;
import io.eventstream.saga.process.Step;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One coordinator's world for a test: a fresh sagadb on the real PostgreSQL (migrated from
 * db/saga), a gRPC fake event store on a real socket, and the handler wired as in production.
 * The store of the saga is counted: every call but {@code recordAndDecide} is one transaction,
 * and so is each {@code recordAndDecide}.
 */
final class SagaWorld implements AutoCloseable {

    static final OrderEventTypes TYPES = new OrderEventTypes("TBATCH");

    final FakeEventStore store = FakeEventStore.started();
    final String database = TestInfra.createDatabase("sagabatch");
    final HikariDataSource dataSource = new HikariDataSource();
    final JdbcTemplate jdbc;
    final CountingStore steps;
    final OrderEventHandler handler;
    private final ManagedChannel channel;
    private final BatchSaga batch;
    private long sequence;

    SagaWorld() {
        jdbc = SagaTestDatabase.migrated(dataSource, database);
        steps = new CountingStore(new JdbcSagaStore(jdbc));
        channel = Grpc.newChannelBuilder(store.target().replace("static://", ""), TestPki.credentials(TestPki.dir(), "saga-coordinator"))
                .build();
        OrderHistory history = new EventStoreOrderHistory(new EventStoreClient(channel, Duration.ofSeconds(5)), TYPES);
        Duration deadline = Duration.ofSeconds(30);
        batch = new BatchSaga(history, steps, deadline, Clock.systemUTC(), Executors.newFixedThreadPool(4));
        handler = new OrderEventHandler(new Saga(history, steps, deadline, Clock.systemUTC()), batch,
                new SagaMetrics(new SimpleMeterRegistry()), new StepReader(TYPES));
    }

    /** Stores an event as another writer would (with a given id, so two worlds hold the same events). */
    Event put(String eventId, String orderId, String suffix, String data) {
        store.put(Event.newBuilder().setEventId(eventId).setEventType(TYPES.stream() + "." + suffix)
                .setAggregateId(orderId).setAggregateType("order").setStream(TYPES.stream()).setEventData(data).build());
        List<Event> events = store.eventsOf(orderId);
        return events.get(events.size() - 1);
    }

    /** The stored event as the relay publishes it: body, id, order, version and created_at. */
    ReceivedEvent published(Event stored) {
        return published(stored, Instant.ofEpochSecond(stored.getCreatedAt().getSeconds(), stored.getCreatedAt().getNanos()));
    }

    ReceivedEvent published(Event stored, Instant createdAt) {
        Headers headers = new Headers()
                .put(EventHeaders.MSG_ID, stored.getEventId())
                .put(EventHeaders.EVENT_ID, stored.getEventId())
                .put(EventHeaders.AGGREGATE_ID, stored.getAggregateId())
                .put(EventHeaders.AGGREGATE_VERSION, Long.toString(stored.getVersion()))
                .put(EventHeaders.CREATED_AT, createdAt.toString());
        return new ReceivedEvent(stored.getEventType(), stored.getEventId(), stored.getAggregateId(),
                stored.getVersion(), stored.getEventData().getBytes(StandardCharsets.UTF_8), headers, 1, ++sequence);
    }

    /** Published by someone else than the store: no version, no created_at. */
    ReceivedEvent publishedWithoutVersion(Event stored) {
        Headers headers = new Headers()
                .put(EventHeaders.MSG_ID, UUID.randomUUID().toString())
                .put(EventHeaders.EVENT_ID, stored.getEventId())
                .put(EventHeaders.AGGREGATE_ID, stored.getAggregateId());
        return new ReceivedEvent(stored.getEventType(), stored.getEventId(), stored.getAggregateId(), 0,
                stored.getEventData().getBytes(StandardCharsets.UTF_8), headers, 1, ++sequence);
    }

    /** The order's events in the store: type, id, version, body and cause. */
    List<String> eventsOf(String orderId) {
        return store.eventsOf(orderId).stream().map(e -> TYPES.shortName(e.getEventType()) + " " + e.getEventId()
                + " v" + e.getVersion() + " " + e.getEventData() + " cause=" + e.getMetadataMap().get("Causation-Id"))
                .toList();
    }

    /** saga_steps without the time (a step read from the store has the store's time, which differs per world). */
    List<String> steps() {
        return jdbc.query("SELECT order_id, version, kind, reason, customer_id, amount FROM saga_steps"
                + " ORDER BY order_id, version", (rs, i) -> rs.getString(1) + " " + rs.getLong(2) + " " + rs.getString(3)
                + " " + rs.getString(4) + " " + rs.getString(5) + " " + rs.getBigDecimal(6));
    }

    /** saga_steps with the time. */
    List<String> stepsAsRecorded() {
        return jdbc.query("SELECT order_id, version, kind, reason, customer_id, amount, at FROM saga_steps"
                + " ORDER BY order_id, version", (rs, i) -> rs.getString(1) + " " + rs.getLong(2) + " " + rs.getString(3)
                + " " + rs.getString(4) + " " + rs.getString(5) + " " + rs.getBigDecimal(6) + " " + rs.getObject(7));
    }

    /** saga_orders without updated_at and deadline_at (derived from created_at: the store's time when read from it). */
    List<String> states() {
        return jdbc.query("SELECT order_id, state, reason, customer_id, amount, awaiting_deadline, last_version"
                + " FROM saga_orders ORDER BY order_id", (rs, i) -> rs.getString(1) + " " + rs.getString(2) + " "
                + rs.getString(3) + " " + rs.getString(4) + " " + rs.getBigDecimal(5) + " " + rs.getBoolean(6) + " "
                + rs.getLong(7));
    }

    /** saga_orders but updated_at. */
    List<String> statesWithDeadlines() {
        return jdbc.query("SELECT order_id, state, reason, customer_id, amount, awaiting_deadline, last_version,"
                + " deadline_at FROM saga_orders ORDER BY order_id", (rs, i) -> rs.getString(1) + " " + rs.getString(2)
                + " " + rs.getString(3) + " " + rs.getString(4) + " " + rs.getBigDecimal(5) + " " + rs.getBoolean(6)
                + " " + rs.getLong(7) + " " + rs.getObject(8));
    }

    @Override
    public void close() throws Exception {
        batch.close();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        store.stop();
        dataSource.close();
        TestInfra.dropDatabase(database);
    }

    /** The saga's store, counting its transactions: a batch round is one, any other call one. */
    static final class CountingStore implements SagaStore {

        private final SagaStore store;
        final AtomicInteger rounds = new AtomicInteger();
        final AtomicInteger single = new AtomicInteger();

        CountingStore(SagaStore store) {
            this.store = store;
        }

        int transactions() {
            return rounds.get() + single.get();
        }

        @Override
        public void save(OrderProcess process) {
            single.incrementAndGet();
            store.save(process);
        }

        @Override
        public List<String> dueForDeadline(Instant now, int limit) {
            single.incrementAndGet();
            return store.dueForDeadline(now, limit);
        }

        @Override
        public List<Step> record(String orderId, Step step) {
            single.incrementAndGet();
            return store.record(orderId, step);
        }

        @Override
        public void replace(String orderId, List<Step> steps) {
            single.incrementAndGet();
            store.replace(orderId, steps);
        }

        @Override
        public List<Step> steps(String orderId) {
            single.incrementAndGet();
            return store.steps(orderId);
        }

        @Override
        public Decisions recordAndDecide(Map<String, List<Step>> steps, Map<String, List<Step>> read,
                Function<Map<String, List<Step>>, Decisions> decide) {
            rounds.incrementAndGet();
            return store.recordAndDecide(steps, read, decide);
        }
    }
}

package io.eventstream.saga.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import com.zaxxer.hikari.HikariDataSource;
import io.eventstream.common.events.EventIds;
import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.events.upcast.SchemaVersions;
import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.common.testing.FakeEventStore;
import io.eventstream.common.testing.TestPki;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.saga.deadline.DeadlineScanner;
import io.eventstream.saga.eventstore.EventStoreOrderHistory;
import io.eventstream.saga.eventstore.EventStoreRebuildLog;
import io.eventstream.saga.jdbc.JdbcRebuildStore;
import io.eventstream.saga.jdbc.JdbcSagaRows;
import io.eventstream.saga.jdbc.JdbcSagaStore;
import io.eventstream.saga.process.Saga;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The saga's state rebuilt from a log with orders in every saga state, sagadb wiped first (real
 * PostgreSQL, common's gRPC FakeEventStore over a socket, pages of 4 events so that orders
 * straddle pages): then the coordinator's deadline scan, as the running coordinator does it,
 * appends nothing for a finished order and exactly what an unfinished one needs. Part of the log
 * is as the original Go services wrote it (no schema version, its bodies): read the same.
 */
class SagaRebuildTest {

    private static final OrderEventTypes TYPES = new OrderEventTypes("TREBUILD");
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Instant LONG_AGO = Instant.now().minus(Duration.ofHours(1));

    private final FakeEventStore store = FakeEventStore.started();
    private final String database = TestInfra.createDatabase("sagarebuild");
    private final HikariDataSource dataSource = new HikariDataSource();
    private JdbcTemplate jdbc;
    private ManagedChannel channel;
    private EventStoreClient client;

    private final String approvedOriginal = UUID.randomUUID().toString();
    private final String approvedOurs = UUID.randomUUID().toString();
    private final String paymentFailed = UUID.randomUUID().toString();
    private final String cancelledWithRefund = UUID.randomUUID().toString();
    private final String inFlight = UUID.randomUUID().toString();
    private final String deadlineCancelled = UUID.randomUUID().toString();
    private final String pastDeadline = UUID.randomUUID().toString();
    private final String causeUndecided = UUID.randomUUID().toString();
    private final String lateDebitRefunded = UUID.randomUUID().toString();
    private final String refundUnderWay = UUID.randomUUID().toString();

    @BeforeEach
    void setUp() {
        dataSource.setJdbcUrl(TestInfra.jdbcUrl(database));
        dataSource.setUsername(TestInfra.PG_ADMIN);
        dataSource.setPassword("");
        dataSource.setMaximumPoolSize(4);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/saga").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        channel = Grpc.newChannelBuilder(store.target().replace("static://", ""), TestPki.credentials(TestPki.dir(), "saga-coordinator"))
                .build();
        client = new EventStoreClient(channel, Duration.ofSeconds(5));
        writeLog();
    }

    @AfterEach
    void tearDown() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        store.stop();
        dataSource.close();
        TestInfra.dropDatabase(database);
    }

    /** Orders in every state the saga knows, their events interleaved as a running system stores them. */
    private void writeLog() {
        // The original's: no Schema-Version, "amount":21, a debit without RestaurantID, an empty approval.
        original(approvedOriginal, "created", createdBody(approvedOriginal, "21", "2026-12-04T21:27:05.123456789+01:00"));
        ours(approvedOurs, OrderEventKind.CREATED, createdBody(approvedOurs, "21.0", "2026-12-04T20:27:05.123456Z"), null);
        original(approvedOriginal, "paymentdebited", "{\"OrderID\":\"" + approvedOriginal + "\",\"CustomerID\":\"c1\",\"Amount\":21}");
        ours(approvedOurs, OrderEventKind.PAYMENT_DEBITED, payment(approvedOurs, null), null);
        original(approvedOriginal, "approved", "");
        ours(approvedOurs, OrderEventKind.APPROVED, "", null);

        ours(paymentFailed, OrderEventKind.CREATED, createdBody(paymentFailed, "21.0", null), null);
        ours(paymentFailed, OrderEventKind.PAYMENT_FAILED, payment(paymentFailed, "insufficient funds"), null);
        ours(paymentFailed, OrderEventKind.REJECTED, reason(paymentFailed, "insufficient funds"), null);

        ours(cancelledWithRefund, OrderEventKind.CREATED, createdBody(cancelledWithRefund, "21.0", null), null);
        ours(cancelledWithRefund, OrderEventKind.PAYMENT_DEBITED, payment(cancelledWithRefund, null), null);
        ours(inFlight, OrderEventKind.CREATED, createdBody(inFlight, "21.0", null), null);
        ours(cancelledWithRefund, OrderEventKind.CANCEL_REQUESTED, reason(cancelledWithRefund, "cancelled by the customer"), null);
        ours(cancelledWithRefund, OrderEventKind.REFUND_REQUESTED, reason(cancelledWithRefund, "cancelled by the customer"), null);
        ours(inFlight, OrderEventKind.PAYMENT_DEBITED, payment(inFlight, null), null);
        ours(cancelledWithRefund, OrderEventKind.PAYMENT_REFUNDED, refunded(cancelledWithRefund), null);
        ours(cancelledWithRefund, OrderEventKind.CANCELLED, reason(cancelledWithRefund, "cancelled by the customer"), null);

        ours(deadlineCancelled, OrderEventKind.CREATED, createdBody(deadlineCancelled, "21.0", null), LONG_AGO);
        ours(deadlineCancelled, OrderEventKind.CANCEL_REQUESTED, reason(deadlineCancelled, "not completed within 60 s"), null);
        ours(deadlineCancelled, OrderEventKind.CANCELLED, reason(deadlineCancelled, "not completed within 60 s"), null);

        ours(pastDeadline, OrderEventKind.CREATED, createdBody(pastDeadline, "21.0", null), LONG_AGO);

        ours(causeUndecided, OrderEventKind.CREATED, createdBody(causeUndecided, "21.0", null), null);
        ours(causeUndecided, OrderEventKind.PAYMENT_FAILED, payment(causeUndecided, "insufficient funds"), null);

        ours(lateDebitRefunded, OrderEventKind.CREATED, createdBody(lateDebitRefunded, "21.0", null), null);
        ours(lateDebitRefunded, OrderEventKind.CANCEL_REQUESTED, reason(lateDebitRefunded, "cancelled by the customer"), null);
        ours(lateDebitRefunded, OrderEventKind.CANCELLED, reason(lateDebitRefunded, "cancelled by the customer"), null);
        ours(lateDebitRefunded, OrderEventKind.PAYMENT_DEBITED, payment(lateDebitRefunded, null), null);
        ours(lateDebitRefunded, OrderEventKind.REFUND_REQUESTED, reason(lateDebitRefunded, "the payment came after the order was cancelled"), null);
        ours(lateDebitRefunded, OrderEventKind.PAYMENT_REFUNDED, refunded(lateDebitRefunded), null);

        ours(refundUnderWay, OrderEventKind.CREATED, createdBody(refundUnderWay, "21.0", null), null);
        ours(refundUnderWay, OrderEventKind.PAYMENT_DEBITED, payment(refundUnderWay, null), null);
        ours(refundUnderWay, OrderEventKind.REVIEW_REJECTED, reason(refundUnderWay, "restaurant r1 is closed"), null);
        ours(refundUnderWay, OrderEventKind.REFUND_REQUESTED, reason(refundUnderWay, "restaurant r1 is closed"), null);
    }

    @Test
    void aRebuiltSagaDecidesNothingTwiceAndWhatIsLeftOnce() throws Exception {
        // A sagadb with stale rows: the rebuild throws them away.
        jdbc.update("INSERT INTO saga_orders (order_id, state, awaiting_deadline, deadline_at, last_version)"
                + " VALUES (?, 'Started', true, now() - interval '1 hour', 1)", approvedOurs);
        jdbc.update("INSERT INTO saga_steps (order_id, version, kind, at) VALUES (?, 9, 'created', now())", approvedOurs);
        int eventsBefore = store.events().size();

        SagaRebuild.Result result = rebuild(4).run(false);

        assertThat(result.events()).isEqualTo(eventsBefore);
        assertThat(result.resumed()).isFalse();
        assertThat(states()).containsExactlyInAnyOrder(
                approvedOriginal + " Approved false 3",
                approvedOurs + " Approved false 3",
                paymentFailed + " Rejected false 3",
                cancelledWithRefund + " Cancelled false 6",
                inFlight + " PaymentDebited true 2",
                deadlineCancelled + " Cancelled false 3",
                pastDeadline + " Started true 1",
                causeUndecided + " Compensating true 2",
                lateDebitRefunded + " Cancelled false 6",
                refundUnderWay + " Compensating false 4");
        // The original's order is recorded exactly as the same order written by us today.
        assertThat(steps(approvedOriginal)).isEqualTo(steps(approvedOurs));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM saga_steps", Long.class)).isEqualTo(eventsBefore);
        // --verify: sagadb is what the log implies, row by row and step by step.
        assertThat(check().run()).isEmpty();

        List<String> finished = List.of(approvedOriginal, approvedOurs, paymentFailed, cancelledWithRefund,
                deadlineCancelled, lateDebitRefunded, refundUnderWay, inFlight);
        List<List<String>> finishedEvents = finished.stream().map(this::kinds).toList();

        scanAsTheCoordinatorDoes();

        assertThat(finished.stream().map(this::kinds).toList()).isEqualTo(finishedEvents);
        assertThat(kinds(pastDeadline)).containsExactly("created", "cancelrequested", "cancelled");
        assertThat(kinds(causeUndecided)).containsExactly("created", "paymentfailed", "rejected");
        assertThat(store.events()).hasSize(eventsBefore + 3);
        assertThat(states()).contains(pastDeadline + " Cancelled false 3", causeUndecided + " Rejected false 3",
                inFlight + " PaymentDebited true 2");

        // The coordinator's next scans, and a second rebuild with its scans, decide nothing again.
        scanAsTheCoordinatorDoes();
        assertThat(store.events()).hasSize(eventsBefore + 3);
        rebuild(5).run(false);
        assertThat(check().run()).isEmpty();
        scanAsTheCoordinatorDoes();
        assertThat(store.events()).hasSize(eventsBefore + 3);
    }

    @Test
    void verifyPrintsWhatDiffersFromTheLog() throws Exception {
        rebuild(4).run(false);
        jdbc.update("UPDATE saga_orders SET state = 'Started', last_version = 1 WHERE order_id = ?", paymentFailed);
        jdbc.update("DELETE FROM saga_steps WHERE order_id = ? AND version = 2", refundUnderWay);
        jdbc.update("INSERT INTO saga_orders (order_id, state, awaiting_deadline, last_version) VALUES ('ghost', 'Started', true, 1)");

        List<SagaCheck.Difference> found = check().run();

        assertThat(found).extracting(SagaCheck.Difference::toString).containsExactlyInAnyOrder(
                "order ghost: saga_orders in sagadb OrderRow[state=Started, reason=null, customerId=null, amount=null,"
                        + " lastVersion=1], the log implies null",
                "order " + paymentFailed + ": saga_orders in sagadb OrderRow[state=Started, reason=insufficient funds,"
                        + " customerId=c1, amount=21.00, lastVersion=1], the log implies OrderRow[state=Rejected,"
                        + " reason=insufficient funds, customerId=c1, amount=21.0, lastVersion=3]",
                "order " + refundUnderWay + ": saga_steps version 2 in sagadb null, the log implies StepRow[kind=paymentdebited,"
                        + " reason=null, customerId=c1, amount=21]");
    }

    private SagaCheck check() {
        return new SagaCheck(new EventStoreRebuildLog(client, TYPES), new JdbcSagaRows(jdbc), DEADLINE, 3, 1,
                Duration.ofMillis(10));
    }

    @Test
    void aRebuildThatCrashesResumesAndEndsAsACleanOne() {
        rebuild(4).run(false);
        List<String> clean = states();
        List<String> cleanSteps = allSteps();

        AtomicInteger pages = new AtomicInteger();
        RebuildLog crashing = new RebuildLog() {
            final RebuildLog log = new EventStoreRebuildLog(client, TYPES);

            @Override
            public long end() {
                return log.end();
            }

            @Override
            public List<LoggedStep> after(long position, int limit) {
                if (pages.incrementAndGet() == 4) {
                    throw new IllegalStateException("killed");
                }
                return log.after(position, limit);
            }
        };
        SagaRebuild dying = new SagaRebuild(crashing, new JdbcSagaStore(jdbc), new JdbcRebuildStore(jdbc), DEADLINE,
                Clock.systemUTC(), 4, progress -> { });
        assertThatThrownBy(() -> dying.run(true)).hasMessage("killed");
        Checkpoint halfway = new JdbcRebuildStore(jdbc).checkpoint().orElseThrow();
        assertThat(halfway.finished()).isFalse();
        assertThat(halfway.position()).isEqualTo(12);

        List<RebuildProgress> seen = new ArrayList<>();
        SagaRebuild.Result resumed = new SagaRebuild(new EventStoreRebuildLog(client, TYPES), new JdbcSagaStore(jdbc),
                new JdbcRebuildStore(jdbc), DEADLINE, Clock.systemUTC(), 4, seen::add).run(false);

        assertThat(resumed.resumed()).isTrue();
        assertThat(resumed.events()).isEqualTo(store.events().size() - 12);
        assertThat(seen.get(0).done()).isEqualTo(16);
        assertThat(seen.get(seen.size() - 1).done()).isEqualTo(store.events().size());
        assertThat(states()).isEqualTo(clean);
        assertThat(allSteps()).isEqualTo(cleanSteps);
        assertThat(new JdbcRebuildStore(jdbc).checkpoint().orElseThrow().finished()).isTrue();

        // Once finished, a run starts over (emptying sagadb first) and ends the same.
        assertThat(rebuild(5).run(false).resumed()).isFalse();
        assertThat(states()).isEqualTo(clean);
    }

    private SagaRebuild rebuild(int page) {
        return new SagaRebuild(new EventStoreRebuildLog(client, TYPES), new JdbcSagaStore(jdbc), new JdbcRebuildStore(jdbc),
                DEADLINE, Clock.systemUTC(), page, progress -> { });
    }

    private void scanAsTheCoordinatorDoes() {
        JdbcSagaStore sagaStore = new JdbcSagaStore(jdbc);
        Saga saga = new Saga(new EventStoreOrderHistory(client, TYPES), sagaStore, DEADLINE, Clock.systemUTC());
        DeadlineScanner scanner = new DeadlineScanner(sagaStore, saga, Clock.systemUTC(), 100);
        scanner.scan();
        scanner.scan();
    }

    private List<String> kinds(String orderId) {
        return store.eventsOf(orderId).stream().map(e -> TYPES.shortName(e.getEventType())).toList();
    }

    private List<String> states() {
        return jdbc.query("SELECT order_id, state, awaiting_deadline, last_version FROM saga_orders ORDER BY order_id",
                (rs, i) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getBoolean(3) + " " + rs.getLong(4));
    }

    private List<String> steps(String orderId) {
        return jdbc.query("SELECT version, kind, reason, customer_id, amount FROM saga_steps WHERE order_id = ?"
                + " ORDER BY version", (rs, i) -> rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3) + " "
                + rs.getString(4) + " " + rs.getBigDecimal(5), orderId);
    }

    private List<String> allSteps() {
        return jdbc.query("SELECT order_id, version, kind, reason, customer_id, amount, at FROM saga_steps"
                + " ORDER BY order_id, version", (rs, i) -> rs.getString(1) + " " + rs.getLong(2) + " " + rs.getString(3)
                + " " + rs.getString(4) + " " + rs.getString(5) + " " + rs.getBigDecimal(6) + " " + rs.getObject(7));
    }

    private void original(String orderId, String suffix, String body) {
        store.putOrderEvent(TYPES.stream(), TYPES.stream() + "." + suffix, orderId, body);
    }

    private void ours(String orderId, OrderEventKind kind, String body, Instant createdAt) {
        Event.Builder event = Event.newBuilder().setEventId(EventIds.of(kind, orderId)).setEventType(TYPES.of(kind))
                .setAggregateId(orderId).setAggregateType("order").setStream(TYPES.stream()).setEventData(body)
                .putMetadata(SchemaVersions.KEY, SchemaVersions.currentText(kind));
        if (createdAt != null) {
            event.setCreatedAt(Timestamp.newBuilder().setSeconds(createdAt.getEpochSecond()).setNanos(createdAt.getNano()));
        }
        store.put(event.build());
    }

    private static String createdBody(String orderId, String amount, String createdOn) {
        return "{\"order_id\":\"" + orderId + "\",\"customer_id\":\"c1\",\"status\":\"Pending\",\"created_on\":\""
                + (createdOn == null ? "2026-12-04T20:27:05.123456Z" : createdOn) + "\",\"restaurant_id\":\"r1\","
                + "\"amount\":" + amount + ",\"order_items\":[{\"code\":\"p1\",\"name\":\"Pizza\",\"unit_price\":10.5,"
                + "\"quantity\":2}]}";
    }

    private static String payment(String orderId, String reason) {
        return "{\"OrderID\":\"" + orderId + "\",\"CustomerID\":\"c1\",\"Amount\":21"
                + (reason == null ? ",\"RestaurantID\":\"r1\"" : ",\"Reason\":\"" + reason + "\"") + "}";
    }

    private static String refunded(String orderId) {
        return "{\"OrderID\":\"" + orderId + "\",\"CustomerID\":\"c1\",\"Amount\":21}";
    }

    private static String reason(String orderId, String reason) {
        return "{\"OrderID\":\"" + orderId + "\",\"Reason\":\"" + reason + "\"}";
    }
}

package io.eventstream.saga.rebuild;

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
import io.eventstream.saga.SagaTestDatabase;
import io.eventstream.saga.eventstore.EventStoreRebuildLog;
import io.eventstream.saga.jdbc.JdbcRebuildStore;
import io.eventstream.saga.jdbc.JdbcSagaRows;
import io.eventstream.saga.jdbc.JdbcSagaStore;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A log with orders in every saga state, in common's gRPC FakeEventStore over a socket, and an
 * empty sagadb on real PostgreSQL (a database of each test's own): what the rebuild tests run
 * against, with a rebuild in pages of the test's size, a {@code --verify} check, and sagadb read
 * back as text. Part of the log is as the original Go services wrote it (no schema version, its
 * bodies).
 *
 * <p>Exists because those tests were one class of 327 lines: they share this log and its setup,
 * and each class keeps to what it checks: {@link SagaRebuildTest} (a rebuilt saga, then the
 * coordinator's scans), {@link SagaCheckTest} ({@code --verify}) and {@link SagaRebuildResumeTest}
 * (a crashed rebuild resumed). Every test has its store, database and log, as when they were one
 * class.
 */
abstract class SagaRebuildFixture {

    static final OrderEventTypes TYPES = new OrderEventTypes("TREBUILD");
    static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Instant LONG_AGO = Instant.now().minus(Duration.ofHours(1));

    final FakeEventStore store = FakeEventStore.started();
    private final String database = TestInfra.createDatabase("sagarebuild");
    private final HikariDataSource dataSource = new HikariDataSource();
    JdbcTemplate jdbc;
    private ManagedChannel channel;
    EventStoreClient client;

    final String approvedOriginal = UUID.randomUUID().toString();
    final String approvedOurs = UUID.randomUUID().toString();
    final String paymentFailed = UUID.randomUUID().toString();
    final String cancelledWithRefund = UUID.randomUUID().toString();
    final String inFlight = UUID.randomUUID().toString();
    final String deadlineCancelled = UUID.randomUUID().toString();
    final String pastDeadline = UUID.randomUUID().toString();
    final String causeUndecided = UUID.randomUUID().toString();
    final String lateDebitRefunded = UUID.randomUUID().toString();
    final String refundUnderWay = UUID.randomUUID().toString();

    @BeforeEach
    void setUp() {
        jdbc = SagaTestDatabase.migrated(dataSource, database);
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

    SagaCheck check() {
        return new SagaCheck(new EventStoreRebuildLog(client, TYPES), new JdbcSagaRows(jdbc), DEADLINE, 3, 1,
                Duration.ofMillis(10));
    }

    SagaRebuild rebuild(int page) {
        return new SagaRebuild(new EventStoreRebuildLog(client, TYPES), new JdbcSagaStore(jdbc), new JdbcRebuildStore(jdbc),
                DEADLINE, Clock.systemUTC(), page, progress -> { });
    }

    List<String> states() {
        return jdbc.query("SELECT order_id, state, awaiting_deadline, last_version FROM saga_orders ORDER BY order_id",
                (rs, i) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getBoolean(3) + " " + rs.getLong(4));
    }

    List<String> steps(String orderId) {
        return jdbc.query("SELECT version, kind, reason, customer_id, amount FROM saga_steps WHERE order_id = ?"
                + " ORDER BY version", (rs, i) -> rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3) + " "
                + rs.getString(4) + " " + rs.getBigDecimal(5), orderId);
    }

    List<String> allSteps() {
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

package io.eventstream.saga;

import io.eventstream.common.testing.TestPki;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.EventIds;
import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.testing.FakeEventStore;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.common.testing.TestStream;
import io.eventstream.proto.eventstore.Event;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The coordinator on real NATS and PostgreSQL, with a gRPC event store over a real socket:
 * it reacts to published events, writes each of its events once however often it is woken,
 * keeps the state in sagadb and cancels an order at its deadline.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class SagaCoordinatorTest {

    private static final TestStream STREAM = TestStream.create();
    private static final OrderEventTypes TYPES = STREAM.types();
    private static final FakeEventStore STORE = FakeEventStore.started();
    private static final String DATABASE = TestInfra.createDatabase("saga");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        STREAM.register(registry);
        registry.add("spring.grpc.client.channel.eventstore.target", STORE::target);
        TestPki.register(registry);
        registry.add("spring.datasource.url", () -> TestInfra.jdbcUrl(DATABASE));
        registry.add("spring.datasource.username", () -> TestInfra.PG_ADMIN);
        // A short deadline to test it, so consumer timings short enough to go with it (the
        // coordinator refuses a deadline under 2 x (ack-wait + max-backoff)).
        registry.add("eventstream.saga.deadline", () -> "2s");
        registry.add("eventstream.consumer.ack-wait", () -> "500ms");
        registry.add("eventstream.consumer.max-backoff", () -> "500ms");
        registry.add("eventstream.saga.scan-interval", () -> "200ms");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        STREAM.close();
        STORE.stop();
        TestInfra.dropDatabase(DATABASE);
    }

    @Test
    void aFailedPaymentRejectsTheOrderOnceHoweverOftenTheEventArrives() throws Exception {
        String orderId = UUID.randomUUID().toString();
        store(orderId, "created", "{\"order_id\":\"" + orderId + "\",\"customer_id\":\"c1\",\"amount\":5000}");
        Event failed = store(orderId, "paymentfailed", "{\"OrderID\":\"" + orderId + "\",\"Reason\":\"insufficient funds\"}");
        for (int i = 0; i < 3; i++) {
            STREAM.publish(TYPES.paymentFailed(), UUID.randomUUID().toString(), failed.getEventId(), orderId, 2L, "{}");
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> typesOf(orderId).contains("rejected"));
        STREAM.awaitAllAcked("saga-coordinator");
        assertThat(typesOf(orderId)).containsExactly("created", "paymentfailed", "rejected");
        Event rejected = STORE.eventsOf(orderId).get(2);
        assertThat(rejected.getEventId()).isEqualTo(EventIds.of(OrderEventKind.REJECTED, orderId));
        assertThat(rejected.getEventData())
                .isEqualTo("{\"OrderID\":\"" + orderId + "\",\"Reason\":\"insufficient funds\"}");
        assertThat(rejected.getMetadataMap()).containsEntry("Causation-Id", failed.getEventId());
        assertThat(sagaRow(orderId)).isEqualTo("Rejected|insufficient funds|false");
    }

    @Test
    void anOrderNobodyFinishesIsCancelledAtItsDeadline() throws Exception {
        String orderId = UUID.randomUUID().toString();
        Event created = store(orderId, "created", "{\"order_id\":\"" + orderId + "\",\"customer_id\":\"c1\",\"amount\":5}");
        // The body as stored: a created body without order_id ("{}") is malformed, poison for the saga too.
        STREAM.publish(TYPES.created(), UUID.randomUUID().toString(), created.getEventId(), orderId, 1L,
                created.getEventData());
        await().atMost(Duration.ofSeconds(20)).until(() -> sagaRow(orderId) != null);
        assertThat(sagaRow(orderId)).isEqualTo("Started|null|true");

        await().atMost(Duration.ofSeconds(20)).until(() -> typesOf(orderId).contains("cancelled"));
        assertThat(typesOf(orderId)).containsExactly("created", "cancelrequested", "cancelled");
        assertThat(STORE.eventsOf(orderId).get(2).getEventData()).contains("not completed within 2 s");
        await().atMost(Duration.ofSeconds(5)).until(() -> sagaRow(orderId).startsWith("Cancelled|"));
    }

    @Test
    void eventsPublishedAsTheStoreDoesAreRecordedAsStepsAndDecidedOn() throws Exception {
        String orderId = UUID.randomUUID().toString();
        publishAsStored(store(orderId, "created", "{\"order_id\":\"" + orderId + "\",\"customer_id\":\"c9\",\"amount\":12.5}"));
        await().atMost(Duration.ofSeconds(20)).until(() -> sagaRow(orderId) != null);
        publishAsStored(store(orderId, "paymentfailed", "{\"OrderID\":\"" + orderId + "\",\"Reason\":\"no money\"}"));

        await().atMost(Duration.ofSeconds(20)).until(() -> typesOf(orderId).contains("rejected"));
        assertThat(typesOf(orderId)).containsExactly("created", "paymentfailed", "rejected");
        await().atMost(Duration.ofSeconds(5)).until(() -> "Rejected|no money|false".equals(sagaRow(orderId)));
        assertThat(steps(orderId)).containsExactly("1 created", "2 paymentfailed", "3 rejected");
    }

    @Test
    void anAppendRefusedBecauseSomeoneElseWroteIsDecidedAgainOnTheStoresHistory() throws Exception {
        String orderId = UUID.randomUUID().toString();
        Event created = store(orderId, "created", "{\"order_id\":\"" + orderId + "\",\"customer_id\":\"c1\",\"amount\":5}");
        Event failed = store(orderId, "paymentfailed", "{\"OrderID\":\"" + orderId + "\",\"Reason\":\"insufficient funds\"}");
        // Another writer's cancel request is in the store but not yet on the stream: the saga's
        // steps 1..2 are gapless, so it decides to reject at version 2, is refused, reads the store.
        store(orderId, "cancelrequested", "{\"OrderID\":\"" + orderId + "\",\"Reason\":\"customer asked\"}");
        publishAsStored(created);
        await().atMost(Duration.ofSeconds(20)).until(() -> sagaRow(orderId) != null);
        publishAsStored(failed);

        await().atMost(Duration.ofSeconds(20)).until(() -> typesOf(orderId).contains("rejected"));
        STREAM.awaitAllAcked("saga-coordinator");
        assertThat(typesOf(orderId)).containsExactly("created", "paymentfailed", "cancelrequested", "rejected");
        assertThat(STORE.eventsOf(orderId).get(3).getEventData()).contains("insufficient funds");
        assertThat(steps(orderId)).containsExactly("1 created", "2 paymentfailed", "3 cancelrequested", "4 rejected");
    }

    /**
     * The original's messages (no headers; its empty approved) for an order whose history the
     * store holds: the saga takes its order from the bodies, reads the history and sees it
     * Approved; the empty approved is acked by the consumer; no cancel at the deadline, nothing
     * dead-lettered.
     */
    @Test
    void theOriginalsHeaderlessMessagesAreReadFromTheirBodiesAndNothingIsDeadLettered() throws Exception {
        String orderId = UUID.randomUUID().toString();
        Event created = store(orderId, "created", "{\"order_id\":\"" + orderId + "\",\"customer_id\":\"c1\",\"amount\":21}");
        Event debited = store(orderId, "paymentdebited", "{\"OrderID\":\"" + orderId + "\",\"CustomerID\":\"c1\",\"Amount\":21}");
        store(orderId, "approved", "");
        for (Event event : List.of(created, debited)) {
            STREAM.nats().jetStream().publish(event.getEventType(), event.getEventData().getBytes(StandardCharsets.UTF_8));
        }
        STREAM.nats().jetStream().publish(TYPES.approved(), new byte[0]);

        await().atMost(Duration.ofSeconds(20)).until(() -> sagaRow(orderId) != null && sagaRow(orderId).startsWith("Approved|"));
        STREAM.awaitAllAcked("saga-coordinator");
        // Past the 2 s deadline: an order the saga knows Approved is not cancelled.
        Thread.sleep(2_500);
        assertThat(typesOf(orderId)).containsExactly("created", "paymentdebited", "approved");
        assertThat(STREAM.deadLetters()).noneMatch(m -> new String(m.getData(), StandardCharsets.UTF_8).contains(orderId)
                || m.getData().length == 0);
    }

    /** Publishes a stored event as the real store's relay does: its body, version and created_at. */
    private static void publishAsStored(Event stored) throws Exception {
        Headers headers = new Headers()
                .put(EventHeaders.MSG_ID, stored.getEventId())
                .put(EventHeaders.EVENT_ID, stored.getEventId())
                .put(EventHeaders.AGGREGATE_ID, stored.getAggregateId())
                .put(EventHeaders.AGGREGATE_VERSION, Long.toString(stored.getVersion()))
                .put(EventHeaders.CREATED_AT, Instant.ofEpochSecond(stored.getCreatedAt().getSeconds(),
                        stored.getCreatedAt().getNanos()).toString());
        STREAM.nats().jetStream().publish(NatsMessage.builder().subject(stored.getEventType()).headers(headers)
                .data(stored.getEventData().getBytes(StandardCharsets.UTF_8)).build());
    }

    private static List<String> steps(String orderId) throws Exception {
        try (var c = DriverManager.getConnection(TestInfra.jdbcUrl(DATABASE), TestInfra.PG_ADMIN, "");
             var s = c.prepareStatement("SELECT version, kind FROM saga_steps WHERE order_id = ? ORDER BY version")) {
            s.setString(1, orderId);
            List<String> rows = new ArrayList<>();
            try (var rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getLong(1) + " " + rs.getString(2));
                }
            }
            return rows;
        }
    }

    private static Event store(String orderId, String suffix, String data) {
        return STORE.putOrderEvent(TYPES.stream(), TYPES.stream() + "." + suffix, orderId, data);
    }

    private static List<String> typesOf(String orderId) {
        return STORE.eventsOf(orderId).stream().map(e -> TYPES.shortName(e.getEventType())).toList();
    }

    private static String sagaRow(String orderId) throws Exception {
        try (var c = DriverManager.getConnection(TestInfra.jdbcUrl(DATABASE), TestInfra.PG_ADMIN, "");
             var s = c.prepareStatement("SELECT state, reason, awaiting_deadline FROM saga_orders WHERE order_id = ?")) {
            s.setString(1, orderId);
            try (var rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getBoolean(3) : null;
            }
        }
    }
}

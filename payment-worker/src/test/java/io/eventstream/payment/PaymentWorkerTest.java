package io.eventstream.payment;

import io.eventstream.common.testing.TestPki;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.EventIds;
import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.testing.FakeEventStore;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.common.testing.TestTokens;
import io.eventstream.common.testing.TestStream;
import io.eventstream.proto.eventstore.Event;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.api.MessageInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The payment worker end to end: real NATS, a gRPC event store over a real socket. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class PaymentWorkerTest {

    private static final TestStream STREAM = TestStream.create();
    private static final OrderEventTypes TYPES = STREAM.types();
    private static final FakeEventStore store = FakeEventStore.started();
    private static final String DATABASE = TestInfra.createDatabase("payments");

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int httpPort;

    @AfterAll
    static void cleanUp() throws Exception {
        STREAM.close();
        store.stop();
        TestInfra.dropDatabase(DATABASE);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        STREAM.register(registry);
        registry.add("spring.grpc.client.channel.eventstore.target", store::target);
        TestPki.register(registry);
        registry.add("eventstream.eventstore.deadline", () -> "2s");
        registry.add("spring.datasource.url", () -> TestInfra.jdbcUrl(DATABASE));
        registry.add("spring.datasource.username", () -> TestInfra.PG_ADMIN);
        registry.add("eventstream.payment.opening-credit", () -> "100.00");
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", TestTokens::publicKeyLocation);
    }

    @Test
    void createdOrderIsPaidOnceWithTheContractBody() throws Exception {
        String orderId = UUID.randomUUID().toString();
        String createdId = UUID.randomUUID().toString();
        publishCreated(createdId, orderId, orderJson(orderId, "21.0"));

        Event debited = awaitPaymentOf(orderId);
        assertThat(debited.getEventId()).isEqualTo(EventIds.of(OrderEventKind.PAYMENT_DEBITED, orderId))
                .isEqualTo(UUID.nameUUIDFromBytes(("paymentdebited:" + orderId).getBytes(StandardCharsets.UTF_8))
                        .toString());
        assertThat(debited.getEventType()).isEqualTo(TYPES.stream() + ".paymentdebited");
        assertThat(debited.getEventData())
                .isEqualTo("{\"OrderID\":\"" + orderId + "\",\"CustomerID\":\"c-" + orderId
                        + "\",\"Amount\":21,\"RestaurantID\":\"r1\"}");
        assertThat(debited.getAggregateType()).isEqualTo("order");
        assertThat(debited.getStream()).isEqualTo(TYPES.stream());
        assertThat(debited.getMetadataMap())
                .containsEntry(EventHeaders.CORRELATION_ID, orderId)
                .containsEntry(EventHeaders.CAUSATION_ID, createdId);
        awaitAllAcked();
        assertThat(paymentsOf(orderId)).hasSize(1);
    }

    /**
     * The original's created, as its store publishes it: no headers, {@code "amount":21}. Paid
     * once, published twice (the original has no idempotency); the debit's causation is the id
     * common derives for a headerless created ({@code created:<order>}), the same both times.
     */
    @Test
    void theOriginalsHeaderlessCreatedIsPaidOnce() throws Exception {
        String orderId = UUID.randomUUID().toString();
        byte[] body = orderJson(orderId, "21").getBytes(StandardCharsets.UTF_8);
        STREAM.nats().jetStream().publish(TYPES.created(), body);

        Event debited = awaitPaymentOf(orderId);
        STREAM.nats().jetStream().publish(TYPES.created(), body);
        awaitAllAcked();
        assertThat(paymentsOf(orderId)).singleElement().satisfies(e -> assertThat(e.getMetadataMap())
                .containsEntry(EventHeaders.CAUSATION_ID, EventIds.of(OrderEventKind.CREATED, orderId))
                .containsEntry(EventHeaders.CORRELATION_ID, orderId));
        assertThat(debited.getEventData()).contains("\"Amount\":21,");
        assertThat(STREAM.deadLetters()).noneMatch(m -> new String(m.getData(), StandardCharsets.UTF_8).contains(orderId));
    }

    @Test
    void theSameOrderPublishedThreeTimesIsPaidOnce() throws Exception {
        String orderId = UUID.randomUUID().toString();
        String body = orderJson(orderId, "10.50");
        int callsBefore = store.createCalls();
        String createdId = UUID.randomUUID().toString();
        // Different message ids: JetStream's duplicate window does not catch them, like a
        // re-publication after the window. Two carry the event id in Event-Id (an exact
        // duplicate for the store); the third only a message id of its own, so its causation
        // differs (the store answers ALREADY_EXISTS and the worker checks the stored effect).
        publishCreated(UUID.randomUUID().toString(), createdId, orderId, body);
        awaitPaymentOf(orderId);
        publishCreated(UUID.randomUUID().toString(), createdId, orderId, body);
        publishCreated(UUID.randomUUID().toString(), null, orderId, body);

        await().atMost(Duration.ofSeconds(15)).until(() -> store.createCalls() >= callsBefore + 3);
        awaitAllAcked();
        assertThat(paymentsOf(orderId)).singleElement().satisfies(e -> {
            assertThat(e.getEventData()).endsWith("\"Amount\":10.5,\"RestaurantID\":\"r1\"}");
            assertThat(e.getMetadataMap()).containsEntry(EventHeaders.CAUSATION_ID, createdId);
        });
        assertThat(STREAM.deadLetters()).noneMatch(m -> new String(m.getData(), StandardCharsets.UTF_8).contains(orderId));
    }

    @Test
    void aDebitStoredBeforeTheRestaurantWasCarriedCountsAsDone() throws Exception {
        String orderId = UUID.randomUUID().toString();
        // An older worker stored the debit without RestaurantID; then the created event came again.
        store.put(Event.newBuilder().setEventId(EventIds.of(OrderEventKind.PAYMENT_DEBITED, orderId))
                .setEventType(TYPES.paymentDebited()).setAggregateId(orderId).setAggregateType("order")
                .setStream(TYPES.stream())
                .setEventData("{\"OrderID\":\"" + orderId + "\",\"CustomerID\":\"c-" + orderId + "\",\"Amount\":3}")
                .build());
        int callsBefore = store.createCalls();
        publishCreated(UUID.randomUUID().toString(), orderId, orderJson(orderId, "3"));

        await().atMost(Duration.ofSeconds(15)).until(() -> store.createCalls() > callsBefore);
        awaitAllAcked();
        assertThat(paymentsOf(orderId)).singleElement().satisfies(e -> assertThat(e.getEventData()).endsWith("\"Amount\":3}"));
        assertThat(STREAM.deadLetters()).noneMatch(m -> new String(m.getData(), StandardCharsets.UTF_8).contains(orderId));
    }

    @Test
    void poisonBodiesAreDeadLetteredAndPayNothing() throws Exception {
        String notJson = UUID.randomUUID().toString();
        String noCustomer = UUID.randomUUID().toString();
        publishCreated(UUID.randomUUID().toString(), notJson, "{not json " + notJson);
        publishCreated(UUID.randomUUID().toString(), noCustomer, "{\"order_id\":\"" + noCustomer + "\",\"amount\":5}");

        await().atMost(Duration.ofSeconds(15)).until(() -> STREAM.deadLetters().size() >= 2);
        List<MessageInfo> dead = STREAM.deadLetters();
        assertThat(dead).anySatisfy(m -> {
            assertThat(m.getHeaders().getFirst(EventHeaders.AGGREGATE_ID)).isEqualTo(notJson);
            assertThat(m.getHeaders().getFirst(EventHeaders.DLQ_REASON)).contains("not JSON");
            assertThat(m.getHeaders().getFirst(EventHeaders.DLQ_CONSUMER)).isEqualTo("payment-worker");
            assertThat(m.getHeaders().getFirst(EventHeaders.DLQ_SUBJECT)).isEqualTo(TYPES.created());
        });
        assertThat(dead).anySatisfy(m -> {
            assertThat(m.getHeaders().getFirst(EventHeaders.AGGREGATE_ID)).isEqualTo(noCustomer);
            assertThat(m.getHeaders().getFirst(EventHeaders.DLQ_REASON)).contains("customer_id");
        });
        awaitAllAcked();
        assertThat(paymentsOf(notJson)).isEmpty();
        assertThat(paymentsOf(noCustomer)).isEmpty();
    }

    @Test
    void anOrderCreatedWhileTheEventStoreIsDownIsPaidWhenItIsBack() throws Exception {
        double redeliveredBefore = meters.get("eventstream.consumer.redelivered").tag("consumer", "payment-worker").counter().count();
        String orderId = UUID.randomUUID().toString();
        store.stop();
        try {
            publishCreated(UUID.randomUUID().toString(), orderId, orderJson(orderId, "7"));
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> meters.get("eventstream.consumer.redelivered").tag("consumer", "payment-worker").counter().count() > redeliveredBefore);
            assertThat(paymentsOf(orderId)).isEmpty();
        } finally {
            store.start();
        }

        Event debited = awaitPaymentOf(orderId);
        assertThat(debited.getEventData()).endsWith("\"Amount\":7,\"RestaurantID\":\"r1\"}");
        awaitAllAcked();
        assertThat(paymentsOf(orderId)).hasSize(1);
    }

    @Test
    void aWalletThatDoesNotCoverTheAmountFailsThePaymentWithTheReasonAndMovesNothing() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        publishCreated(UUID.randomUUID().toString(), first, orderJson(first, customer, "70"));
        awaitPaymentOf(first);
        publishCreated(UUID.randomUUID().toString(), second, orderJson(second, customer, "40"));

        await().atMost(Duration.ofSeconds(20)).until(() -> !eventsOf(TYPES.paymentFailed(), second).isEmpty());
        assertThat(eventsOf(TYPES.paymentFailed(), second).get(0).getEventData()).isEqualTo("{\"OrderID\":\"" + second
                + "\",\"CustomerID\":\"" + customer + "\",\"Amount\":40,\"Reason\":\"insufficient funds: the balance"
                + " 30.00 does not cover 40\"}");
        assertThat(paymentsOf(second)).isEmpty();
        assertThat(wallet(customer)).contains("\"opening_credit\":100.00", "\"debited\":70.00", "\"refunded\":0",
                "\"balance\":30.00");
    }

    @Test
    void aFirstOrderAboveTheOpeningCreditFailsAndOpensTheWallet() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        String orderId = UUID.randomUUID().toString();
        publishCreated(UUID.randomUUID().toString(), orderId, orderJson(orderId, customer, "150"));

        await().atMost(Duration.ofSeconds(20)).until(() -> !eventsOf(TYPES.paymentFailed(), orderId).isEmpty());
        assertThat(eventsOf(TYPES.paymentFailed(), orderId).get(0).getEventData())
                .contains("insufficient funds: the balance 100.00 does not cover 150");
        assertThat(wallet(customer)).contains("\"balance\":100.00", "\"opened\":true");
    }

    @Test
    void aRefundRequestedTwiceGivesTheDebitBackOnce() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        String orderId = UUID.randomUUID().toString();
        publishCreated(UUID.randomUUID().toString(), orderId, orderJson(orderId, customer, "25.50"));
        awaitPaymentOf(orderId);
        String request = "{\"OrderID\":\"" + orderId + "\",\"Reason\":\"cancelled by the customer\"}";
        String requestId = UUID.randomUUID().toString();
        STREAM.publish(TYPES.refundRequested(), UUID.randomUUID().toString(), requestId, orderId, 3L, request);
        STREAM.publish(TYPES.refundRequested(), UUID.randomUUID().toString(), requestId, orderId, 3L, request);

        await().atMost(Duration.ofSeconds(20)).until(() -> !eventsOf(TYPES.paymentRefunded(), orderId).isEmpty());
        STREAM.awaitAllAcked("payment-worker-refunds");
        assertThat(eventsOf(TYPES.paymentRefunded(), orderId)).singleElement().satisfies(e -> {
            assertThat(e.getEventData()).isEqualTo("{\"OrderID\":\"" + orderId + "\",\"CustomerID\":\"" + customer
                    + "\",\"Amount\":25.5}");
            assertThat(e.getMetadataMap()).containsEntry(EventHeaders.CAUSATION_ID, requestId);
        });
        assertThat(wallet(customer)).contains("\"debited\":25.50", "\"refunded\":25.50", "\"balance\":100.00");
    }

    @Test
    void aBurstOfOrdersIsPaidInBatchesWithTheSameOutcomesAsOneByOne() throws Exception {
        List<String> customers = List.of("c-" + UUID.randomUUID(), "c-" + UUID.randomUUID(), "c-" + UUID.randomUUID());
        List<String> orders = new java.util.ArrayList<>();
        for (int i = 0; i < 36; i++) {
            String orderId = UUID.randomUUID().toString();
            orders.add(orderId);
            // 12 orders of 9 per customer: the wallet (100) covers 11 of them, the 12th fails.
            publishCreated(UUID.randomUUID().toString(), orderId, orderJson(orderId, customers.get(i % 3), "9"));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> orders.stream()
                .allMatch(o -> !paymentsOf(o).isEmpty() || !eventsOf(TYPES.paymentFailed(), o).isEmpty()));
        awaitAllAcked();
        assertThat(meters.get("eventstream.consumer.batch.size").tag("consumer", "payment-worker").summary().count())
                .isPositive();
        for (int c = 0; c < 3; c++) {
            assertThat(wallet(customers.get(c))).contains("\"debited\":99.00", "\"balance\":1.00");
            // One of the customer's orders is refused (which one: batches at once may take a wallet in
            // either order, as messages at once did; within a batch, stream order decides).
            String customer = customers.get(c);
            assertThat(store.eventsOfType(TYPES.paymentFailed()))
                    .filteredOn(e -> e.getEventData().contains(customer)).singleElement()
                    .satisfies(e -> assertThat(e.getEventData()).contains("the balance 1.00 does not cover 9"));
        }
    }

    @Test
    void aCustomerWhoNeverOrderedHasTheOpeningCredit() throws Exception {
        assertThat(wallet("nobody-" + UUID.randomUUID())).contains("\"balance\":100.00", "\"opened\":false");
    }

    /** The customer's own wallet, with the customer's token. */
    private String wallet(String customerId) throws Exception {
        HttpResponse<String> response = get("/api/wallets/" + customerId, TestTokens.customer(customerId));
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthShowsNatsAndTheConsumerToAnOperator() throws Exception {
        HttpResponse<String> response = get("/actuator/health", TestTokens.operator());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"nats\"", "\"consumer\"", "payment-worker").doesNotContain("DOWN");

        HttpResponse<String> open = get("/actuator/health", null);
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body()).contains("\"status\":\"UP\"").doesNotContain("nats", "consumer");
    }

    /**
     * People see only their own wallet: another customer's token, a forged, an expired, an unsigned
     * one and none are refused with a 401/403 problem, the wallet unchanged, the refusals counted.
     */
    @Test
    void onlyTheOwnerAndAnOperatorReadAWallet() throws Exception {
        String owner = "owner-" + UUID.randomUUID();
        String before = wallet(owner);

        assertRefused(get("/api/wallets/" + owner, TestTokens.customer("other-" + UUID.randomUUID())), 403);
        for (String token : new String[] {null, TestTokens.forged(owner), TestTokens.expired(owner),
                TestTokens.unsigned(owner)}) {
            assertRefused(get("/api/wallets/" + owner, token), 401);
        }
        assertRefused(get("/actuator/prometheus", TestTokens.customer(owner)), 403);
        assertRefused(get("/actuator/prometheus", null), 401);

        assertThat(get("/api/wallets/" + owner, TestTokens.operator()).body()).isEqualTo(before);
        assertThat(wallet(owner)).isEqualTo(before);
        for (String reason : List.of("other-customer", "missing-token", "invalid-token", "expired-token",
                "not-operator")) {
            assertThat(meters.find("eventstream.security.refusals").tags("layer", "http", "reason", reason)
                    .counter()).as(reason).isNotNull().satisfies(c -> assertThat(c.count()).isPositive());
        }
    }

    private static void assertRefused(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
    }

    static String orderJson(String orderId, String amount) {
        return orderJson(orderId, "c-" + orderId, amount);
    }

    static String orderJson(String orderId, String customerId, String amount) {
        return """
                {"order_id":"%s","customer_id":"%s","restaurant_id":"r1","amount":%s,\
                "order_items":[{"code":"p1","name":"Pizza","unit_price":%s,"quantity":1}],\
                "status":"Pending","created_on":"2024-05-01T10:00:00Z"}""".formatted(orderId, customerId, amount, amount);
    }

    /** Publishes a created event the way the event store does. */
    static void publishCreated(String messageId, String orderId, String body) throws Exception {
        publishCreated(messageId, null, orderId, body);
    }

    static void publishCreated(String messageId, String eventId, String orderId, String body) throws Exception {
        STREAM.publish(TYPES.created(), messageId, eventId, orderId, 1L, body);
    }

    private static List<Event> paymentsOf(String orderId) {
        return eventsOf(TYPES.paymentDebited(), orderId);
    }

    private static List<Event> eventsOf(String type, String orderId) {
        return store.eventsOfType(type).stream().filter(e -> e.getAggregateId().equals(orderId)).toList();
    }

    private static Event awaitPaymentOf(String orderId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !paymentsOf(orderId).isEmpty());
        return paymentsOf(orderId).get(0);
    }

    private static void awaitAllAcked() {
        STREAM.awaitAllAcked("payment-worker");
    }

}

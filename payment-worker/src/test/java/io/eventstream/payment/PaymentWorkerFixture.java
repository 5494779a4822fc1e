package io.eventstream.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.testing.FakeEventStore;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.common.testing.TestStream;
import io.eventstream.common.testing.TestTokens;
import io.eventstream.proto.eventstore.Event;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The payment worker end to end: real NATS, a gRPC event store over a real socket, a database of
 * its own; and how its tests publish created events, find what the worker appended and read a
 * wallet over HTTP.
 *
 * <p>{@code @DirtiesContext} gives each subclass a context of its own, so the stream, event store
 * and database are made with it (in {@link #properties}) and removed after that class, as when
 * these tests were one class.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
abstract class PaymentWorkerFixture {

    static TestStream stream;
    static OrderEventTypes types;
    static FakeEventStore store;
    static String database;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int httpPort;

    @AfterAll
    static void cleanUp() throws Exception {
        stream.close();
        store.stop();
        TestInfra.dropDatabase(database);
    }

    /** Runs when a subclass's context is made: each test class gets its stream, event store and database. */
    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        stream = TestStream.create();
        types = stream.types();
        store = FakeEventStore.started();
        database = TestInfra.createDatabase("payments");
        stream.register(registry);
        store.register(registry);
        registry.add("eventstream.eventstore.deadline", () -> "2s");
        registry.add("spring.datasource.url", () -> TestInfra.jdbcUrl(database));
        registry.add("spring.datasource.username", () -> TestInfra.PG_ADMIN);
        registry.add("eventstream.payment.opening-credit", () -> "100.00");
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", TestTokens::publicKeyLocation);
    }

    /** The customer's own wallet, with the customer's token. */
    String wallet(String customerId) throws Exception {
        HttpResponse<String> response = get("/api/wallets/" + customerId, TestTokens.customer(customerId));
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
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
        stream.publish(types.created(), messageId, eventId, orderId, 1L, body);
    }

    static List<Event> paymentsOf(String orderId) {
        return eventsOf(types.paymentDebited(), orderId);
    }

    static List<Event> eventsOf(String type, String orderId) {
        return store.eventsOfType(type).stream().filter(e -> e.getAggregateId().equals(orderId)).toList();
    }

    static Event awaitPaymentOf(String orderId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !paymentsOf(orderId).isEmpty());
        return paymentsOf(orderId).get(0);
    }

    static void awaitAllAcked() {
        stream.awaitAllAcked("payment-worker");
    }
}

package io.eventstream.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.FakeOriginalStore;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.proto.eventstore.Event;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Ours in place of the original's order-service, with the original's event store still running
 * (a fake that answers as it does: no grpc.health.v1, INTERNAL for an order whose approved
 * event has no body) and the read model as the bootstrapper's adoption leaves it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OriginalStoreTakeoverTest {

    static final String STREAM = "ORDERS";
    static final FakeOriginalStore STORE = FakeOriginalStore.started();
    static final ReadModelDatabase DB = ReadModelDatabase.create();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.grpc.client.channel.eventstore.target", STORE::target);
        registry.add("spring.datasource.url", () -> DB.url);
        registry.add("spring.datasource.username", () -> TestInfra.PG_ADMIN);
        registry.add("eventstream.stream", () -> STREAM);
        // As README.md, "Moving from the original", says for this step: the original's store
        // knows no TLS, and the original's HTTP clients send no token.
        registry.add("eventstream.tls.enabled", () -> "false");
        registry.add("eventstream.http-auth.enabled", () -> "false");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        STORE.close();
        DB.drop();
    }

    Http http() {
        return new Http(port);
    }

    @Test
    void readinessIsUpThoughTheStoreHasNoHealthService() {
        Http.Response response = http().get("/actuator/health/readiness");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("status").stringValue()).isEqualTo("UP");
    }

    @Test
    void postStoresTheCreatedEventInTheOriginalsStoreAndItsEventsAreReadable() {
        Http.Response posted = http().postJson("/api/orders", """
                {"customer_id":"c1","restaurant_id":"r1",
                 "order_items":[{"code":"p1","name":"Pizza","unit_price":10.5,"quantity":2}]}""");

        assertThat(posted.status()).isEqualTo(201);
        String orderId = posted.json().get("order_id").stringValue();
        List<Event> stored = STORE.eventsOf(orderId);
        assertThat(stored).singleElement().satisfies(e -> {
            assertThat(e.getEventType()).isEqualTo("ORDERS.created");
            assertThat(e.getEventData()).isEqualTo(posted.body());
        });

        Http.Response events = http().get("/api/orders/" + orderId + "/events");
        assertThat(events.status()).isEqualTo(200);
        assertThat(events.json()).hasSize(1);
        assertThat(events.json().get(0).get("data").get("order_id").stringValue()).isEqualTo(orderId);
    }

    @Test
    void theEventsOfAnOrderWhoseApprovedHasNoBodyAnswerAClear502NotA503() {
        String orderId = UUID.randomUUID().toString();
        STORE.put(event(orderId, "created", "{\"order_id\":\"" + orderId + "\"}"));
        STORE.put(event(orderId, "paymentdebited", "{\"OrderID\":\"" + orderId + "\",\"CustomerID\":\"c1\",\"Amount\":21}"));
        STORE.put(event(orderId, "approved", ""));

        for (int i = 0; i < 2; i++) {
            Http.Response response = http().get("/api/orders/" + orderId + "/events");
            assertThat(response.status()).isEqualTo(502);
            assertThat(response.header("Retry-After")).isNull();
            JsonNode problem = response.json();
            assertThat(problem.get("title").stringValue()).isEqualTo("Order events unreadable");
            assertThat(problem.get("detail").stringValue()).contains("INTERNAL").contains("approved");
            assertThat(problem.get("store_status").stringValue()).isEqualTo("INTERNAL");
        }
    }

    /** The read model as the bootstrapper's adoption leaves it: no 500 on a missing column. */
    @Test
    void anAdoptedOrderIsServedFromTheReadModel() {
        String orderId = UUID.randomUUID().toString();
        DB.insertOrder(orderId, "c1", "Approved", Instant.parse("2026-11-20T00:00:00Z"), "r1", "21.00", null);
        DB.insertItem(orderId, 1, "c1", "p1", "Pizza", "10.50", 2);

        Http.Response response = http().get("/api/orders/" + orderId);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("status").stringValue()).isEqualTo("Approved");
        assertThat(response.json().get("order_items")).hasSize(1);
    }

    private static Event event(String orderId, String type, String data) {
        return Event.newBuilder().setEventId(UUID.randomUUID().toString()).setEventType(STREAM + "." + type)
                .setAggregateId(orderId).setAggregateType("order").setEventData(data).setStream(STREAM).build();
    }
}

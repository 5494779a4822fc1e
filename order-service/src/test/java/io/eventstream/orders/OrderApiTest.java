package io.eventstream.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.FakeEventStore;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.proto.eventstore.CreateEventRequest;
import io.eventstream.proto.eventstore.Event;
import io.grpc.Status;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The order API over real HTTP, with a real PostgreSQL read model and a fake event store
 * behind a real gRPC socket.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrderApiTest {

    static final String STREAM = TestInfra.uniqueStreamName();
    static final FakeEventStore STORE = FakeEventStore.started();
    static final ReadModelDatabase DB = ReadModelDatabase.create();

    static final String VALID = """
            {"customer_id":"c1","restaurant_id":"r1",
             "order_items":[{"code":"p1","name":"Pizza","unit_price":10.5,"quantity":2}]}""";

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DependencyProperties.register(registry, STORE, DB, () -> STREAM);
    }

    @AfterAll
    static void cleanUp() {
        STORE.stop();
        DB.drop();
    }

    Http http() {
        return new Http(port);
    }

    // ---- POST /api/orders

    @Test
    void postPlacesTheOrderWithOneCreatedEvent() {
        int before = STORE.createCalls();

        Http.Response response = http().postJson("/api/orders", VALID);

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode order = response.json();
        String orderId = order.get("order_id").stringValue();
        assertThat(UUID.fromString(orderId).toString()).isEqualTo(orderId);
        assertThat(response.header("Location")).isEqualTo("/api/orders/" + orderId);
        assertThat(response.header("Idempotent-Replayed")).isNull();
        assertThat(order.get("customer_id").stringValue()).isEqualTo("c1");
        assertThat(order.get("restaurant_id").stringValue()).isEqualTo("r1");
        assertThat(order.get("status").stringValue()).isEqualTo("Pending");
        OffsetDateTime createdOn = OffsetDateTime.parse(order.get("created_on").stringValue());
        assertThat(createdOn.toInstant()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
        assertThat(order.get("amount").isNumber()).isTrue();
        assertThat(order.get("amount").decimalValue()).isEqualByComparingTo("21");
        JsonNode item = order.get("order_items").get(0);
        assertThat(item.get("code").stringValue()).isEqualTo("p1");
        assertThat(item.get("name").stringValue()).isEqualTo("Pizza");
        assertThat(item.get("unit_price").decimalValue()).isEqualByComparingTo("10.5");
        assertThat(item.get("quantity").intValue()).isEqualTo(2);

        assertThat(STORE.createCalls()).isEqualTo(before + 1);
        List<Event> events = STORE.eventsOf(orderId);
        assertThat(events).hasSize(1);
        Event event = events.get(0);
        assertThat(event.getEventType()).isEqualTo(STREAM + ".created");
        assertThat(event.getAggregateType()).isEqualTo("order");
        assertThat(event.getAggregateId()).isEqualTo(orderId);
        assertThat(event.getStream()).isEqualTo(STREAM);
        assertThat(event.getEventId()).isEqualTo(UUID.nameUUIDFromBytes(("created:" + orderId).getBytes()).toString());
        assertThat(event.getMetadataMap()).containsEntry("Correlation-Id", orderId);
        // The event body is the contract's order JSON, the very body the client got.
        assertThat(event.getEventData()).isEqualTo(response.body());
        CreateEventRequest request = STORE.requests().get(STORE.requests().size() - 1);
        assertThat(request.hasExpectedVersion()).isTrue();
        assertThat(request.getExpectedVersion()).isZero();
    }

    @Test
    void moneyIsExactAndUnknownFieldsAreIgnored() {
        Http.Response response = http().postJson("/api/orders", """
                {"customer_id":"c-money","restaurant_id":"r1","coupon":"SPRING","notes":{"x":1},
                 "order_items":[{"code":"a","name":"Tea","unit_price":0.1,"quantity":3,"extra":true},
                                {"code":"b","name":"Cake","unit_price":19.99,"quantity":1}]}""");

        assertThat(response.status()).isEqualTo(201);
        // 0.1 * 3 + 19.99 with doubles is 20.289999999999999; the wire must say 20.29.
        assertThat(response.json().get("amount").decimalValue()).isEqualByComparingTo("20.29");
        assertThat(response.body()).contains("\"amount\":20.29").contains("\"unit_price\":0.1")
                .doesNotContain("coupon").doesNotContain("extra");
    }

    static Stream<Arguments> invalidBodies() {
        String item = "{\"code\":\"p1\",\"name\":\"Pizza\",\"unit_price\":10.5,\"quantity\":2}";
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add(item);
        }
        return Stream.of(
                Arguments.of("missing customer_id",
                        "{\"restaurant_id\":\"r1\",\"order_items\":[" + item + "]}", List.of("customer_id")),
                Arguments.of("blank customer_id",
                        "{\"customer_id\":\" \",\"restaurant_id\":\"r1\",\"order_items\":[" + item + "]}",
                        List.of("customer_id")),
                Arguments.of("missing restaurant_id",
                        "{\"customer_id\":\"c1\",\"order_items\":[" + item + "]}", List.of("restaurant_id")),
                Arguments.of("no items", "{\"customer_id\":\"c1\",\"restaurant_id\":\"r1\",\"order_items\":[]}",
                        List.of("order_items")),
                Arguments.of("items missing", "{\"customer_id\":\"c1\",\"restaurant_id\":\"r1\"}",
                        List.of("order_items")),
                Arguments.of("101 items", "{\"customer_id\":\"c1\",\"restaurant_id\":\"r1\",\"order_items\":["
                        + String.join(",", many) + "]}", List.of("order_items")),
                Arguments.of("quantity 0", body("\"p1\"", "\"Pizza\"", "10.5", "0"),
                        List.of("order_items[0].quantity")),
                Arguments.of("quantity negative", body("\"p1\"", "\"Pizza\"", "10.5", "-3"),
                        List.of("order_items[0].quantity")),
                Arguments.of("quantity float", body("\"p1\"", "\"Pizza\"", "10.5", "2.5"),
                        List.of("order_items[0].quantity")),
                Arguments.of("quantity 2.0", body("\"p1\"", "\"Pizza\"", "10.5", "2.0"),
                        List.of("order_items[0].quantity")),
                Arguments.of("quantity string", body("\"p1\"", "\"Pizza\"", "10.5", "\"2\""),
                        List.of("order_items[0].quantity")),
                Arguments.of("negative unit_price", body("\"p1\"", "\"Pizza\"", "-1", "2"),
                        List.of("order_items[0].unit_price")),
                Arguments.of("unit_price with 3 decimals", body("\"p1\"", "\"Pizza\"", "10.555", "2"),
                        List.of("order_items[0].unit_price")),
                Arguments.of("unit_price string", body("\"p1\"", "\"Pizza\"", "\"10.5\"", "2"),
                        List.of("order_items[0].unit_price")),
                Arguments.of("missing code", body(null, "\"Pizza\"", "10.5", "2"),
                        List.of("order_items[0].code")),
                Arguments.of("missing name", body("\"p1\"", null, "10.5", "2"),
                        List.of("order_items[0].name")),
                Arguments.of("NUL in name", body("\"p1\"", "\"Pi\\u0000zza\"", "10.5", "2"),
                        List.of("order_items[0].name")),
                Arguments.of("lone surrogate in name", body("\"p1\"", "\"Pi\\ud800zza\"", "10.5", "2"),
                        List.of("order_items[0].name")),
                Arguments.of("every field at once", """
                        {"customer_id":5,"order_items":[
                          {"code":"p1","name":"Pizza","unit_price":10.5,"quantity":2},
                          {"name":"","unit_price":1.001,"quantity":0}, 7]}""",
                        List.of("customer_id", "restaurant_id", "order_items[1].code", "order_items[1].name",
                                "order_items[1].unit_price", "order_items[1].quantity", "order_items[2]")),
                Arguments.of("malformed JSON", "{\"customer_id\":\"c1\",", List.of("body")),
                Arguments.of("duplicate key", "{\"customer_id\":\"c1\",\"customer_id\":\"c2\"}", List.of("body")),
                Arguments.of("not an object", "[1,2]", List.of("body")),
                Arguments.of("empty body", "", List.of("body")));
    }

    private static String body(String code, String name, String unitPrice, String quantity) {
        StringBuilder item = new StringBuilder("{");
        if (code != null) {
            item.append("\"code\":").append(code).append(',');
        }
        if (name != null) {
            item.append("\"name\":").append(name).append(',');
        }
        item.append("\"unit_price\":").append(unitPrice).append(",\"quantity\":").append(quantity).append('}');
        return "{\"customer_id\":\"c1\",\"restaurant_id\":\"r1\",\"order_items\":[" + item + "]}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void invalidInputIsA400NamingEachFieldAndStoresNothing(String name, String body, List<String> fields) {
        int before = STORE.createCalls();

        Http.Response response = http().postJson("/api/orders", body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").intValue()).isEqualTo(400);
        assertThat(problem.get("title").stringValue()).isNotBlank();
        List<String> named = new ArrayList<>();
        problem.get("errors").forEach(error -> {
            named.add(error.get("field").stringValue());
            assertThat(error.get("message").stringValue()).isNotBlank();
        });
        assertThat(named).containsExactlyInAnyOrderElementsOf(fields);
        assertThat(STORE.createCalls()).isEqualTo(before);
    }

    @Test
    void aBadIdempotencyKeyIsNamed() {
        Http.Response response = http().postJson("/api/orders", VALID, "Idempotency-Key", "x".repeat(256));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").stringValue()).isEqualTo("Idempotency-Key");
    }

    @Test
    void wrongContentTypeIsA415Problem() {
        int before = STORE.createCalls();

        Http.Response response = http().post("/api/orders", "text/plain", VALID);

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").intValue()).isEqualTo(415);
        assertThat(STORE.createCalls()).isEqualTo(before);
    }

    @Test
    void aBodyOver64KiBIsA413ProblemWhetherDeclaredOrChunked() {
        int before = STORE.createCalls();
        String huge = "{\"customer_id\":\"c1\",\"restaurant_id\":\"r1\",\"note\":\"" + "x".repeat(70 * 1024)
                + "\",\"order_items\":[{\"code\":\"p1\",\"name\":\"Pizza\",\"unit_price\":10.5,\"quantity\":2}]}";

        Http.Response declared = http().postJson("/api/orders", huge);
        Http.Response chunked = http().postChunked("/api/orders", huge);

        for (Http.Response response : List.of(declared, chunked)) {
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("status").intValue()).isEqualTo(413);
        }
        assertThat(STORE.createCalls()).isEqualTo(before);
        // Just under the limit, chunked, still works.
        String fits = "{\"customer_id\":\"c1\",\"restaurant_id\":\"r1\",\"note\":\"" + "x".repeat(60 * 1024)
                + "\",\"order_items\":[{\"code\":\"p1\",\"name\":\"Pizza\",\"unit_price\":10.5,\"quantity\":2}]}";
        assertThat(http().postChunked("/api/orders", fits).status()).isEqualTo(201);
    }

    // ---- Idempotency-Key

    @Test
    void theSameIdempotencyKeyAnswersTheSameOrderAndStoresOneEvent() {
        String key = UUID.randomUUID().toString();

        Http.Response first = http().postJson("/api/orders", VALID, "Idempotency-Key", key);
        Http.Response second = http().postJson("/api/orders", VALID, "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(second.json()).isEqualTo(first.json());
        assertThat(second.header("Location")).isEqualTo(first.header("Location"));
        String orderId = first.json().get("order_id").stringValue();
        assertThat(STORE.eventsOf(orderId)).hasSize(1);

        // The key belongs to the customer: another customer's same key is another order.
        Http.Response other = http().postJson("/api/orders", VALID.replace("\"c1\"", "\"c2\""),
                "Idempotency-Key", key);
        assertThat(other.status()).isEqualTo(201);
        assertThat(other.json().get("order_id").stringValue()).isNotEqualTo(orderId);
    }

    @Test
    void theSameIdempotencyKeyWithAnotherRequestIsA422() {
        String key = UUID.randomUUID().toString();
        Http.Response first = http().postJson("/api/orders", VALID, "Idempotency-Key", key);
        int events = STORE.events().size();

        Http.Response second = http().postJson("/api/orders", VALID.replace("\"quantity\":2", "\"quantity\":3"),
                "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(422);
        assertThat(second.contentType()).startsWith("application/problem+json");
        assertThat(second.json().get("title").stringValue())
                .isEqualTo("Idempotency-Key reused with a different request");
        assertThat(STORE.events()).hasSize(events);
    }

    @Test
    void aRepeatAnsweredAbortedIsStillAReplay() {
        String key = UUID.randomUUID().toString();
        Http.Response first = http().postJson("/api/orders", VALID, "Idempotency-Key", key);
        STORE.checkVersionFirst(true);
        try {
            Http.Response second = http().postJson("/api/orders", VALID, "Idempotency-Key", key);

            assertThat(second.status()).isEqualTo(201);
            assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(second.json()).isEqualTo(first.json());
            assertThat(STORE.eventsOf(first.json().get("order_id").stringValue())).hasSize(1);
        } finally {
            STORE.checkVersionFirst(false);
        }
    }

    @Test
    void anOrderIdTakenByForeignHistoryIsA409() {
        String key = UUID.randomUUID().toString();
        String orderId = UUID.nameUUIDFromBytes(("order:c1:" + key).getBytes()).toString();
        STORE.put(Event.newBuilder().setEventId(UUID.randomUUID().toString()).setEventType(STREAM + ".approved")
                .setAggregateId(orderId).setAggregateType("order").setStream(STREAM).build());
        STORE.checkVersionFirst(true);
        try {
            Http.Response response = http().postJson("/api/orders", VALID, "Idempotency-Key", key);

            assertThat(response.status()).isEqualTo(409);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(STORE.eventsOf(orderId)).hasSize(1);
        } finally {
            STORE.checkVersionFirst(false);
        }
    }

    // ---- event store failures

    @Test
    void anUnavailableStoreIsRetriedWithTheSameEventId() {
        STORE.failNextCreates(1, Status.UNAVAILABLE, false);
        int before = STORE.createCalls();

        Http.Response response = http().postJson("/api/orders", VALID);

        assertThat(response.status()).isEqualTo(201);
        String orderId = response.json().get("order_id").stringValue();
        assertThat(STORE.createCalls()).isEqualTo(before + 2);
        assertThat(STORE.eventsOf(orderId)).hasSize(1);
    }

    @Test
    void aLostAnswerIsRetriedWithoutAppendingTwice() {
        STORE.failNextCreates(1, Status.UNAVAILABLE, true);
        int before = STORE.createCalls();

        Http.Response response = http().postJson("/api/orders", VALID);

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.header("Idempotent-Replayed")).isNull();
        String orderId = response.json().get("order_id").stringValue();
        assertThat(STORE.createCalls()).isEqualTo(before + 2);
        List<Event> events = STORE.eventsOf(orderId);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getEventData()).isEqualTo(response.body());
    }

    @Test
    void aStoreThatKeepsFailingIsA503WithRetryAfter() {
        STORE.failNextCreates(3, Status.UNAVAILABLE, false);
        int events = STORE.events().size();

        Http.Response response = http().postJson("/api/orders", VALID);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.header("Retry-After")).isEqualTo("5");
        assertThat(STORE.events()).hasSize(events);
    }

    // ---- GET /api/orders/{id}

    @Test
    void getServesTheReadModelWithItemsAndHistory() {
        String id = UUID.randomUUID().toString();
        Instant created = Instant.parse("2026-01-02T10:15:30.123456Z");
        DB.insertOrder(id, "c-get", "Rejected", created, "r9", "31.50", "insufficient funds");
        // Eleven lines, to check line 10 sorts after line 9.
        for (int line = 1; line <= 11; line++) {
            DB.insertItem(id, line, "c-get", "p" + line, "Dish " + line, line == 1 ? "10.50" : "1.00", 1);
        }
        DB.insertHistory(id, 1, "Pending", STREAM + ".created", null, created);
        DB.insertHistory(id, 2, "Rejected", STREAM + ".paymentfailed", "insufficient funds",
                created.plusSeconds(2));

        Http.Response response = http().get("/api/orders/" + id.toUpperCase());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode order = response.json();
        assertThat(order.get("order_id").stringValue()).isEqualTo(id);
        assertThat(order.get("customer_id").stringValue()).isEqualTo("c-get");
        assertThat(order.get("restaurant_id").stringValue()).isEqualTo("r9");
        assertThat(order.get("status").stringValue()).isEqualTo("Rejected");
        assertThat(order.get("reason").stringValue()).isEqualTo("insufficient funds");
        assertThat(Instant.parse(order.get("created_on").stringValue())).isEqualTo(created);
        assertThat(order.get("amount").decimalValue()).isEqualByComparingTo("31.50");
        JsonNode items = order.get("order_items");
        assertThat(items).hasSize(11);
        assertThat(items.get(0).get("code").stringValue()).isEqualTo("p1");
        assertThat(items.get(0).get("unit_price").decimalValue()).isEqualByComparingTo("10.5");
        assertThat(items.get(9).get("code").stringValue()).isEqualTo("p10");
        assertThat(items.get(10).get("code").stringValue()).isEqualTo("p11");
        JsonNode history = order.get("status_history");
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("status").stringValue()).isEqualTo("Pending");
        assertThat(history.get(0).get("version").longValue()).isEqualTo(1);
        assertThat(Instant.parse(history.get(0).get("reached_at").stringValue())).isEqualTo(created);
        assertThat(history.get(1).get("status").stringValue()).isEqualTo("Rejected");
        assertThat(history.get(1).get("version").longValue()).isEqualTo(2);
        assertThat(history.get(1).get("reason").stringValue()).isEqualTo("insufficient funds");
    }

    @Test
    void anOrderWhoseCreatedEventHasNotArrivedIsNotFoundYet() {
        String id = UUID.randomUUID().toString();
        DB.insertOrder(id, null, "Approved", null, null, null, null);

        Http.Response response = http().get("/api/orders/" + id);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void anUnknownOrderIsA404Problem() {
        Http.Response response = http().get("/api/orders/" + UUID.randomUUID());

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").intValue()).isEqualTo(404);
    }

    @Test
    void aMalformedIdIsA400Problem() {
        for (String path : List.of("/api/orders/not-a-uuid", "/api/orders/not-a-uuid/events")) {
            Http.Response response = http().get(path);

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("errors").get(0).get("field").stringValue()).isEqualTo("id");
        }
    }

    // ---- GET /api/orders?customer_id=

    @Test
    void aCustomersOrdersArePagedNewestFirst() {
        String customer = "c-list-" + UUID.randomUUID();
        Instant t = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            DB.insertOrder(id, customer, "Pending", t.plusSeconds(i), "r1", (i + 1) + ".00", null);
            DB.insertItem(id, 1, customer, "p" + i, "Dish", (i + 1) + ".00", 1);
        }
        DB.insertOrder(UUID.randomUUID().toString(), "someone-else", "Pending", t, "r1", "1.00", null);
        DB.insertOrder(UUID.randomUUID().toString(), null, "Approved", null, null, null, null);

        JsonNode first = http().get("/api/orders?customer_id=" + customer + "&page=0&size=2").json();
        JsonNode second = http().get("/api/orders?customer_id=" + customer + "&page=1&size=2").json();

        assertThat(first.get("total").longValue()).isEqualTo(3);
        assertThat(first.get("page").intValue()).isZero();
        assertThat(first.get("size").intValue()).isEqualTo(2);
        assertThat(first.get("orders")).hasSize(2);
        assertThat(first.get("orders").get(0).get("order_id").stringValue()).isEqualTo(ids.get(2));
        assertThat(first.get("orders").get(1).get("order_id").stringValue()).isEqualTo(ids.get(1));
        assertThat(first.get("orders").get(0).get("order_items").get(0).get("code").stringValue()).isEqualTo("p2");
        assertThat(second.get("orders")).hasSize(1);
        assertThat(second.get("orders").get(0).get("order_id").stringValue()).isEqualTo(ids.get(0));
    }

    @Test
    void listingNeedsACustomerAndASanePage() {
        Http.Response missing = http().get("/api/orders");
        Http.Response badPage = http().get("/api/orders?customer_id=c1&page=-1&size=1000");

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.json().get("errors").get(0).get("field").stringValue()).isEqualTo("customer_id");
        assertThat(badPage.status()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        badPage.json().get("errors").forEach(e -> fields.add(e.get("field").stringValue()));
        assertThat(fields).containsExactlyInAnyOrder("page", "size");
    }

    // ---- GET /api/orders/{id}/events

    @Test
    void theEventHistoryComesFromTheEventStore() {
        Http.Response placed = http().postJson("/api/orders", VALID);
        String orderId = placed.json().get("order_id").stringValue();
        STORE.put(Event.newBuilder().setEventId(UUID.randomUUID().toString()).setEventType(STREAM + ".approved")
                .setAggregateId(orderId).setAggregateType("order").setStream(STREAM).build());

        Http.Response response = http().get("/api/orders/" + orderId + "/events");

        assertThat(response.status()).isEqualTo(200);
        JsonNode events = response.json();
        assertThat(events).hasSize(2);
        JsonNode created = events.get(0);
        assertThat(created.get("event_id").stringValue()).isNotBlank();
        assertThat(created.get("event_type").stringValue()).isEqualTo(STREAM + ".created");
        assertThat(created.get("version").longValue()).isEqualTo(1);
        assertThat(created.get("position").longValue()).isPositive();
        assertThat(Instant.parse(created.get("created_at").stringValue())).isNotNull();
        assertThat(created.get("metadata").get("Correlation-Id").stringValue()).isEqualTo(orderId);
        assertThat(created.get("data")).isEqualTo(placed.json());
        assertThat(events.get(1).get("event_type").stringValue()).isEqualTo(STREAM + ".approved");
        assertThat(events.get(1).get("version").longValue()).isEqualTo(2);
        assertThat(events.get(1).get("data").isNull()).isTrue();

        assertThat(http().get("/api/orders/" + UUID.randomUUID() + "/events").status()).isEqualTo(404);
    }

    @Test
    void readinessIncludesTheDatabase() {
        Http.Response response = http().get("/actuator/health/readiness");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("status").stringValue()).isEqualTo("UP");
    }}

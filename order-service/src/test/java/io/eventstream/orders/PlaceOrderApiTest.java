package io.eventstream.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.proto.eventstore.CreateEventRequest;
import io.eventstream.proto.eventstore.Event;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/orders}: the placed order and its created event, exact money, and the 400, 413 and
 * 415 problems that store nothing.
 */
class PlaceOrderApiTest extends OrderApiFixture {

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
                badItem("quantity 0", "quantity", "0"),
                badItem("quantity negative", "quantity", "-3"),
                badItem("quantity float", "quantity", "2.5"),
                badItem("quantity 2.0", "quantity", "2.0"),
                badItem("quantity string", "quantity", "\"2\""),
                badItem("negative unit_price", "unit_price", "-1"),
                badItem("unit_price with 3 decimals", "unit_price", "10.555"),
                badItem("unit_price string", "unit_price", "\"10.5\""),
                badItem("missing code", "code", null),
                badItem("missing name", "name", null),
                badItem("NUL in name", "name", "\"Pi\\u0000zza\""),
                badItem("lone surrogate in name", "name", "\"Pi\\ud800zza\""),
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

    /**
     * One case of a body with one item, the valid pizza but for {@code field}: set to {@code json}
     * (as written in the body), or left out when {@code json} is null; the 400 must name that field.
     */
    private static Arguments badItem(String name, String field, String json) {
        Map<String, String> item = new LinkedHashMap<>();
        item.put("code", "\"p1\"");
        item.put("name", "\"Pizza\"");
        item.put("unit_price", "10.5");
        item.put("quantity", "2");
        if (json == null) {
            item.remove(field);
        } else {
            item.put(field, json);
        }
        StringJoiner fields = new StringJoiner(",", "{", "}");
        item.forEach((key, value) -> fields.add("\"" + key + "\":" + value));
        return Arguments.of(name, "{\"customer_id\":\"c1\",\"restaurant_id\":\"r1\",\"order_items\":[" + fields + "]}",
                List.of("order_items[0]." + field));
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
}

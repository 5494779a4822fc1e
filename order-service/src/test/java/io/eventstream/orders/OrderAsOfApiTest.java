package io.eventstream.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.proto.eventstore.Event;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/orders/{id}?version=N} and {@code ?at=<RFC 3339>} over a real socket: the order
 * folded from the event store's events (a gRPC fake), never from the read model, which holds no row
 * of these orders.
 */
class OrderAsOfApiTest extends OrderApiFixture {

    static final String ORDER = """
            {"customer_id":"c1","restaurant_id":"r1",
             "order_items":[{"code":"p1","name":"Pizza","unit_price":10.5,"quantity":2},
                            {"code":"p2","name":"Salad","unit_price":4.25,"quantity":1}]}""";

    @Test
    void eachVersionIsTheOrderAsItsEventsUpToThenMadeIt() {
        String id = rejectedAfterARefund();

        JsonNode v1 = ok("/api/orders/" + id + "?version=1");
        assertThat(v1.get("status").stringValue()).isEqualTo("Pending");
        assertThat(v1.get("version").longValue()).isEqualTo(1);
        assertThat(v1.get("last_version").longValue()).isEqualTo(5);
        assertThat(v1.get("customer_id").stringValue()).isEqualTo("c1");
        assertThat(v1.get("amount").decimalValue()).isEqualByComparingTo(new BigDecimal("25.25"));
        assertThat(v1.get("order_items")).hasSize(2);
        assertThat(v1.get("order_items").get(1).get("name").stringValue()).isEqualTo("Salad");
        assertThat(v1.has("reason")).isFalse();
        assertThat(v1.get("events")).hasSize(1);

        JsonNode v2 = ok("/api/orders/" + id + "?version=2");
        assertThat(v2.get("status").stringValue()).isEqualTo("PaymentDebited");

        JsonNode v3 = ok("/api/orders/" + id + "?version=3");
        assertThat(v3.get("status").stringValue()).isEqualTo("ReviewRejected");
        assertThat(v3.get("reason").stringValue()).isEqualTo("restaurant r1 is closed");
        assertThat(v3.get("events")).extracting(e -> e.get("event_type").stringValue())
                .containsExactly(STREAM + ".created", STREAM + ".paymentdebited", STREAM + ".reviewrejected");

        JsonNode v5 = ok("/api/orders/" + id + "?version=5");
        assertThat(v5.get("status").stringValue()).isEqualTo("Rejected");
        assertThat(v5.get("reason").stringValue()).isEqualTo("restaurant r1 is closed");
        assertThat(v5.get("amount").decimalValue()).isEqualByComparingTo(new BigDecimal("25.25"));
        assertThat(v5.get("events")).hasSize(5);
    }

    @Test
    void atATimeIsTheOrderAfterTheEventsStoredByThen() {
        String id = rejectedAfterARefund();
        List<Event> events = STORE.eventsOf(id);
        Event second = events.get(1);
        Instant at = Instant.ofEpochSecond(second.getCreatedAt().getSeconds(), second.getCreatedAt().getNanos());
        // The fake stamps events with the clock: compute what "stored by then" holds rather than assume distinct stamps.
        long expected = events.stream().filter(e -> !Instant.ofEpochSecond(e.getCreatedAt().getSeconds(),
                e.getCreatedAt().getNanos()).isAfter(at)).mapToLong(Event::getVersion).max().orElseThrow();

        JsonNode then = ok("/api/orders/" + id + "?at=" + URLEncoder.encode(at.toString(), StandardCharsets.UTF_8));
        assertThat(then.get("version").longValue()).isEqualTo(expected);
        assertThat(then.get("events")).hasSize((int) expected);

        JsonNode now = ok("/api/orders/" + id + "?at=" + URLEncoder.encode("2999-01-01T00:00:00+01:00",
                StandardCharsets.UTF_8));
        assertThat(now.get("status").stringValue()).isEqualTo("Rejected");
        assertThat(now.get("version").longValue()).isEqualTo(5);

        Http.Response before = new Http(port).get("/api/orders/" + id + "?at=2000-01-01T00:00:00Z");
        assertThat(before.status()).as("the order did not exist yet").isEqualTo(404);
        assertThat(before.contentType()).startsWith("application/problem+json");
    }

    @Test
    void badVersionsTimesAndBothAre400ProblemsAndAnUnknownOrderIs404() {
        String id = rejectedAfterARefund();
        for (String query : List.of("version=0", "version=-1", "version=6", "version=x", "version=",
                "at=yesterday", "at=2026-11-28T04:51:11", "at=", "version=1&at=2026-11-28T04:51:11Z")) {
            Http.Response response = new Http(port).get("/api/orders/" + id + "?" + query);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.contentType()).as(query).startsWith("application/problem+json");
            assertThat(response.json().get("errors").get(0).get("field").stringValue()).as(query)
                    .isIn("version", "at");
        }
        assertThat(new Http(port).get("/api/orders/" + id + "?version=6").json().get("errors").get(0)
                .get("message").stringValue()).isEqualTo("must be an integer from 1 to 5");

        Http.Response unknown = new Http(port).get("/api/orders/" + UUID.randomUUID() + "?version=1");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
    }

    /** Placed through the API (the real created body), then debited, review-rejected, refunded, rejected. */
    /**
     * A log migrated from the original folds as ours: the same order placed here (order-service
     * writes it, Schema-Version 2) and as the original wrote it (no Schema-Version, "amount":21,
     * nanoseconds at a local offset, a debit without RestaurantID, an empty approval) answer the
     * same order at every version, but for its id and its events' ids and positions.
     */
    @Test
    void anOrderAsTheOriginalWroteItFoldsAsTheSameOrderPlacedHere() {
        Http.Response placed = new Http(port).postJson("/api/orders", """
                {"customer_id":"c1","restaurant_id":"r1","order_items":[{"code":"p1","name":"Pizza","unit_price":10.5,"quantity":2}]}""");
        assertThat(placed.status()).isEqualTo(201);
        String ours = placed.json().get("order_id").stringValue();
        Instant createdOn = Instant.parse(placed.json().get("created_on").stringValue());
        String schemaVersion = io.eventstream.common.events.upcast.SchemaVersions.KEY;
        put(ours, "paymentdebited", "{\"OrderID\":\"" + ours + "\",\"CustomerID\":\"c1\",\"Amount\":21,\"RestaurantID\":\"r1\"}",
                schemaVersion, "2");
        put(ours, "approved", "", schemaVersion, "2");

        String original = UUID.randomUUID().toString();
        String originalTime = createdOn.plusNanos(389).atOffset(java.time.ZoneOffset.ofHours(1)).toString();
        put(original, "created", "{\"order_id\":\"" + original + "\",\"customer_id\":\"c1\",\"status\":\"Pending\","
                + "\"created_on\":\"" + originalTime + "\",\"restaurant_id\":\"r1\",\"amount\":21,"
                + "\"order_items\":[{\"code\":\"p1\",\"name\":\"Pizza\",\"unit_price\":10.5,\"quantity\":2}]}");
        put(original, "paymentdebited", "{\"OrderID\":\"" + original + "\",\"CustomerID\":\"c1\",\"Amount\":21}");
        put(original, "approved", "");

        for (int version = 1; version <= 3; version++) {
            JsonNode a = ok("/api/orders/" + original + "?version=" + version);
            JsonNode b = ok("/api/orders/" + ours + "?version=" + version);
            for (String field : List.of("customer_id", "status", "created_on", "restaurant_id", "amount", "order_items",
                    "reason", "version", "last_version")) {
                assertThat(String.valueOf(a.get(field))).as("version %d %s", version, field)
                        .isEqualTo(String.valueOf(b.get(field)));
            }
        }
        assertThat(ok("/api/orders/" + original + "?version=3").get("amount").toString()).isEqualTo("21.0");
    }

    private String rejectedAfterARefund() {
        Http.Response placed = new Http(port).postJson("/api/orders", ORDER);
        assertThat(placed.status()).isEqualTo(201);
        String id = placed.json().get("order_id").stringValue();
        put(id, "paymentdebited", "{\"OrderID\":\"" + id + "\",\"CustomerID\":\"c1\",\"Amount\":25.25}");
        put(id, "reviewrejected", "{\"OrderID\":\"" + id + "\",\"Reason\":\"restaurant r1 is closed\"}");
        put(id, "paymentrefunded", "{\"OrderID\":\"" + id + "\",\"Amount\":25.25}");
        put(id, "rejected", "{\"OrderID\":\"" + id + "\",\"Reason\":\"restaurant r1 is closed\"}");
        return id;
    }

    private static void put(String id, String type, String data, String... metadata) {
        Event.Builder event = Event.newBuilder().setEventId(UUID.randomUUID().toString()).setEventType(STREAM + "." + type)
                .setAggregateId(id).setAggregateType("order").setStream(STREAM).setEventData(data);
        for (int i = 0; i + 1 < metadata.length; i += 2) {
            event.putMetadata(metadata[i], metadata[i + 1]);
        }
        STORE.put(event.build());
    }

    private JsonNode ok(String path) {
        Http.Response response = new Http(port).get(path);
        assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(200);
        return response.json();
    }
}

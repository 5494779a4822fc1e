package io.eventstream.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The reads: {@code GET /api/orders/{id}} from the read model, a customer's orders paged, {@code GET
 * /api/orders/{id}/events} from the event store, and readiness with the database.
 */
class OrderQueryApiTest extends OrderApiFixture {

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
        STORE.putOrderEvent(STREAM, STREAM + ".approved", orderId, "");

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
    }
}

package io.eventstream.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the saga tests do to a running suite: place and cancel orders, read them, their events and wallets. */
final class OrderApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Suite suite;
    private final int orderPort;
    private final int paymentPort;

    OrderApi(Suite suite, int orderPort, int paymentPort) {
        this.suite = suite;
        this.orderPort = orderPort;
        this.paymentPort = paymentPort;
    }

    /** Places an order of one item and returns its id. */
    String place(String customerId, String restaurantId, String price) {
        String body = "{\"customer_id\":\"" + customerId + "\",\"restaurant_id\":\"" + restaurantId
                + "\",\"order_items\":[{\"code\":\"p1\",\"name\":\"Pizza\",\"unit_price\":" + price + ",\"quantity\":1}]}";
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(orderPort, "/api/orders"))
                .header("Authorization", suite.bearer(customerId))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response.body()).get("order_id").stringValue();
    }

    /** POST /api/orders/{id}/cancel as an operator (the order's customer may too): the status code. */
    int cancel(String orderId) {
        return send(HttpRequest.newBuilder(uri(orderPort, "/api/orders/" + orderId + "/cancel"))
                .header("Authorization", suite.bearer(null)).POST(HttpRequest.BodyPublishers.noBody())).statusCode();
    }

    /** GET /api/orders/{id} as an operator, or null while the read model does not have it. */
    JsonNode order(String orderId) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(orderPort, "/api/orders/" + orderId))
                .header("Authorization", suite.bearer(null)).GET());
        return response.statusCode() == 200 ? json(response.body()) : null;
    }

    String status(String orderId) {
        JsonNode order = order(orderId);
        return order == null ? null : order.get("status").stringValue();
    }

    /** Waits until the order shows {@code status} and returns it. */
    JsonNode awaitStatus(String orderId, String status, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode order = order(orderId);
            if (order != null && status.equals(order.get("status").stringValue())) {
                return order;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("order " + orderId + " is " + status(orderId) + ", not " + status + ", after "
                + timeout + "; events " + eventsOf(orderId));
    }

    /** GET /api/wallets/{customerId} of payment-worker, with the customer's own token. */
    JsonNode wallet(String customerId) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(paymentPort, "/api/wallets/" + customerId))
                .header("Authorization", suite.bearer(customerId)).GET());
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response.body());
    }

    /** The order's event types without the stream prefix, in version order, straight from the event store's table. */
    List<String> eventsOf(String orderId) {
        List<String> types = new ArrayList<>();
        try (var c = suite.infra.admin(suite.eventstoreDb);
             var s = c.prepareStatement("SELECT eventtype FROM events WHERE aggregateid = ? ORDER BY version")) {
            s.setString(1, orderId);
            try (var rs = s.executeQuery()) {
                while (rs.next()) {
                    types.add(rs.getString(1).substring(suite.stream.length() + 1));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return types;
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static JsonNode json(String body) {
        return JSON.readTree(body);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

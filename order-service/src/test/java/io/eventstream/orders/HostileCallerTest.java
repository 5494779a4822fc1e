package io.eventstream.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.TestTokens;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * People see only their own, over a real socket with real tokens: customer B reading, listing,
 * cancelling and placing for customer A; no token, a forged one (another key), an expired one,
 * {@code alg: none}; a customer on the operator's paths. Each refused with a 401/403 problem,
 * nothing appended to the store, and counted in {@code eventstream.security.refusals{layer=http}}.
 */
class HostileCallerTest extends OrderApiFixture {

    static final String ORDER = """
            {"customer_id":"%s","restaurant_id":"r1","order_items":[{"code":"p1","name":"Pizza","unit_price":10.5,"quantity":2}]}""";

    @Test
    void anotherCustomerCannotReadListCancelOrPlaceForTheOwner() {
        String a = "a-" + UUID.randomUUID();
        String orderId = place(a);
        DB.insertOrder(orderId, a, "Pending", Instant.now(), "r1", "21.00", null);
        Http owner = new Http(port, TestTokens.customer(a));
        Http other = new Http(port, TestTokens.customer("b-" + UUID.randomUUID()));
        int appends = STORE.createCalls();

        forbidden(other.get("/api/orders/" + orderId));
        forbidden(other.get("/api/orders/" + orderId + "/events"));
        forbidden(other.get("/api/orders/" + orderId + "?version=1"));
        forbidden(other.get("/api/orders?customer_id=" + a));
        forbidden(other.postNoBody("/api/orders/" + orderId + "/cancel"));
        forbidden(other.postJson("/api/orders", ORDER.formatted(a)));

        assertThat(STORE.createCalls()).as("nothing appended").isEqualTo(appends);
        assertThat(STORE.eventsOf(orderId)).hasSize(1);
        assertThat(owner.get("/api/orders/" + orderId).status()).isEqualTo(200);
        assertThat(owner.get("/api/orders/" + orderId + "/events").status()).isEqualTo(200);
        assertThat(owner.get("/api/orders?customer_id=" + a).status()).isEqualTo(200);
        assertThat(owner.postNoBody("/api/orders/" + orderId + "/cancel").status()).isEqualTo(202);
        assertThat(refusals("other-customer")).isGreaterThanOrEqualTo(6);
    }

    @Test
    void noForgedExpiredOrUnsignedTokenGetsIn() {
        String a = "a-" + UUID.randomUUID();
        String orderId = place(a);
        int appends = STORE.createCalls();

        for (String token : new String[] {null, TestTokens.forged(a), TestTokens.expired(a), TestTokens.unsigned(a),
                "not.a.jwt"}) {
            Http caller = new Http(port, token);
            unauthorized(caller.get("/api/orders/" + orderId + "/events"));
            unauthorized(caller.postNoBody("/api/orders/" + orderId + "/cancel"));
            unauthorized(caller.postJson("/api/orders", ORDER.formatted(a)));
            unauthorized(caller.get("/actuator/prometheus"));
        }

        assertThat(STORE.createCalls()).as("nothing appended").isEqualTo(appends);
        assertThat(STORE.eventsOf(orderId)).hasSize(1);
        assertThat(refusals("missing-token")).isGreaterThanOrEqualTo(4);
        assertThat(refusals("invalid-token")).isGreaterThanOrEqualTo(12);
        assertThat(refusals("expired-token")).isGreaterThanOrEqualTo(4);
    }

    @Test
    void theBoardAndTheMetricsAreTheOperatorsAndHealthIsOpen() {
        Http customer = new Http(port, TestTokens.customer("c-" + UUID.randomUUID()));
        forbidden(customer.get("/api/orders/recent?limit=5"));
        forbidden(customer.get("/api/board/counts"));
        forbidden(customer.get("/actuator/prometheus"));
        forbidden(customer.get("/actuator/metrics"));

        Http anyone = new Http(port, null);
        assertThat(anyone.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(anyone.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(anyone.get("/board/").status()).isEqualTo(200);
        unauthorized(anyone.get("/api/board/counts"));
        unauthorized(anyone.get("/api/board/events?access_token=" + TestTokens.forged("operator")));

        Http operator = new Http(port);
        assertThat(operator.get("/api/orders/recent?limit=5").status()).isEqualTo(200);
        assertThat(operator.get("/api/board/counts").status()).isEqualTo(200);
        assertThat(refusals("not-operator")).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aTokenInTheQueryCountsOnlyOnTheBoardFeed() {
        String a = "a-" + UUID.randomUUID();
        String orderId = place(a);
        unauthorized(new Http(port, null).get("/api/orders/" + orderId + "/events?access_token="
                + TestTokens.customer(a)));
    }

    @Test
    void anOrderWithoutAKnownOwnerIsOnlyTheOperatorsToCancelOrRead() {
        // A created event whose body names no customer (not one this service wrote).
        String orderId = UUID.randomUUID().toString();
        STORE.putOrderEvent(STREAM, STREAM + ".created", orderId, "{}");
        Http customer = new Http(port, TestTokens.customer("c-" + UUID.randomUUID()));

        forbidden(customer.postNoBody("/api/orders/" + orderId + "/cancel"));
        forbidden(customer.get("/api/orders/" + orderId + "/events"));
        assertThat(STORE.eventsOf(orderId)).hasSize(1);
        assertThat(new Http(port).postNoBody("/api/orders/" + orderId + "/cancel").status()).isEqualTo(202);
    }

    private String place(String customer) {
        Http.Response placed = new Http(port, TestTokens.customer(customer)).postJson("/api/orders",
                ORDER.formatted(customer));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        return placed.json().get("order_id").stringValue();
    }

    private static void forbidden(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(403);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("title").stringValue()).isEqualTo("Forbidden");
    }

    private static void unauthorized(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(response.json().get("title").stringValue()).isEqualTo("Unauthorized");
    }

    /** The counter as the operator scrapes it. */
    private double refusals(String reason) {
        String metrics = new Http(port).get("/actuator/prometheus").body();
        Matcher m = Pattern.compile("eventstream_security_refusals_total\\{[^}]*layer=\"http\",reason=\"" + reason
                + "\"[^}]*} ([0-9.E]+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}

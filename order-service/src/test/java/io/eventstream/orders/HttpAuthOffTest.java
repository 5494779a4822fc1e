package io.eventstream.orders;

import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.web.FilterChainProxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.FakeEventStore;
import io.eventstream.common.testing.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code eventstream.http-auth.enabled=false}, for HTTP clients of the original, which sent no
 * token: the service starts without any key (the configured one does not exist) and answers
 * requests without a token, as the original did.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "eventstream.http-auth.enabled=false")
class HttpAuthOffTest {

    static final String STREAM = TestInfra.uniqueStreamName();
    static final FakeEventStore STORE = FakeEventStore.started();
    static final ReadModelDatabase DB = ReadModelDatabase.create();

    @LocalServerPort
    int port;

    @Autowired
    FilterChainProxy security;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DependencyProperties.register(registry, STORE, DB, () -> STREAM);
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
                () -> "file:/nonexistent/eventstream/public.pem");
    }

    @AfterAll
    static void cleanUp() {
        STORE.stop();
        DB.drop();
    }

    @Test
    void clientsWithoutATokenWorkAsWithTheOriginal() {
        Http anyone = new Http(port, null);
        Http.Response placed = anyone.postJson("/api/orders", """
                {"customer_id":"c1","restaurant_id":"r1","order_items":[{"code":"p1","name":"Pizza","unit_price":10.5,"quantity":2}]}""");
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        String orderId = placed.json().get("order_id").stringValue();

        assertThat(anyone.get("/api/orders/" + orderId + "/events").status()).isEqualTo(200);
        assertThat(anyone.postNoBody("/api/orders/" + orderId + "/cancel").status()).isEqualTo(202);
        assertThat(anyone.get("/api/board/counts").status()).isEqualTo(200);
        assertThat(anyone.get("/actuator/prometheus").status()).isEqualTo(200);
    }

    /** Off means out of the way: no security filter runs on a request (it cost every request for nothing). */
    @Test
    void noSecurityFilterRunsWhenTheCheckIsOff() {
        for (String path : List.of("/api/orders", "/api/orders/x/events", "/api/board/counts", "/actuator/health")) {
            assertThat(security.getFilters(path)).as(path).isNullOrEmpty();
        }
        Http.Response answer = new Http(port, null).get("/api/board/counts");
        assertThat(answer.status()).isEqualTo(200);
        // The chain's header writer did not run.
        assertThat(answer.header("X-Content-Type-Options")).isNull();
    }
}

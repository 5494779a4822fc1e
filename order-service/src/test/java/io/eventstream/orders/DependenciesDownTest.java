package io.eventstream.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.FakeEventStore;
import io.eventstream.common.testing.TestInfra;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The event store process is gone (its socket closed), or the read model's database is:
 * the service answers 503 with Retry-After and stores nothing. A context of its own, so
 * the stopped server, the channel's reconnect back-off and the dropped database never leak
 * into the other tests. The two tests do not depend on each other's dependency.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DependenciesDownTest {

    static final FakeEventStore STORE = FakeEventStore.started();
    static final ReadModelDatabase DB = ReadModelDatabase.create();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DependencyProperties.register(registry, STORE, DB, TestInfra::uniqueStreamName);
        registry.add("eventstream.orders.retry-after", () -> "7s");
        registry.add("spring.datasource.hikari.connection-timeout", () -> "1000");
    }

    @AfterAll
    static void cleanUp() {
        STORE.stop();
        DB.drop();
    }

    @Test
    void withTheStoreDownPostAndEventsAnswer503AndNothingIsStored() {
        Http http = new Http(port);
        assertThat(http.postJson("/api/orders", OrderApiFixture.VALID).status()).isEqualTo(201);
        int calls = STORE.createCalls();
        int events = STORE.events().size();
        STORE.stop();

        Http.Response post = http.postJson("/api/orders", OrderApiFixture.VALID, "Idempotency-Key", "k-down");
        Http.Response history = http.get("/api/orders/" + UUID.randomUUID() + "/events");

        for (Http.Response response : List.of(post, history)) {
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.header("Retry-After")).isEqualTo("7");
            assertThat(response.json().get("status").intValue()).isEqualTo(503);
        }
        STORE.start();
        assertThat(STORE.createCalls()).isEqualTo(calls);
        assertThat(STORE.events()).hasSize(events);
    }

    @Test
    void withTheReadModelGoneGetAnswers503AndReadinessIsDown() {
        Http http = new Http(port);
        assertThat(http.get("/api/orders/" + UUID.randomUUID()).status()).isEqualTo(404);
        DB.drop();

        Http.Response get = http.get("/api/orders/" + UUID.randomUUID());
        Http.Response list = http.get("/api/orders?customer_id=c1");
        Http.Response readiness = http.get("/actuator/health/readiness");

        for (Http.Response response : List.of(get, list)) {
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.header("Retry-After")).isEqualTo("7");
        }
        assertThat(readiness.status()).isEqualTo(503);
    }
}

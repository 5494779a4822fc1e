package io.eventstream.orders;

import io.eventstream.common.testing.FakeEventStore;
import static org.assertj.core.api.Assertions.assertThat;

import brave.Span.Kind;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import io.eventstream.common.testing.TestInfra;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Tracing (at the shipped probability), order metrics, readiness and the OpenAPI document, over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext // closes its pool before the next class: PostgreSQL's connections are shared by every build here
class ObservabilityTest {

    static final FakeEventStore STORE = FakeEventStore.started();
    static final ReadModelDatabase DB = ReadModelDatabase.create();

    static final SpanRecorder SPANS = new SpanRecorder();

    @LocalServerPort
    int port;

    @Autowired
    Environment env;

    @TestConfiguration
    static class RecordSpans {
        @Bean
        SpanHandler recordSpans() {
            return SPANS;
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DependencyProperties.register(registry, STORE, DB, TestInfra::uniqueStreamName);
        registry.add("management.endpoint.health.group.readiness.show-components", () -> "always");
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "2");
    }

    @AfterAll
    static void cleanUp() {
        STORE.stop();
        DB.drop();
    }

    /** The services ship sampling one trace in ten; a caller's sampled traceparent is honoured all the same. */
    @Test
    void aSampledTraceparentIsTracedAtTheShippedProbability() {
        assertThat(env.getProperty("management.tracing.sampling.probability")).isEqualTo("0.1");
        String traceId = hex(16);
        String clientSpan = hex(8);

        Http.Response response = new Http(port).postJson("/api/orders", OrderApiFixture.VALID,
                "traceparent", "00-" + traceId + "-" + clientSpan + "-01");

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.header("X-Trace-Id")).isEqualTo(traceId);
        String orderId = response.json().get("order_id").stringValue();
        assertThat(STORE.eventsOf(orderId).get(0).getMetadataMap().get("traceparent"))
                .matches("00-" + traceId + "-[0-9a-f]{16}-01");
        List<MutableSpan> trace = SPANS.await(traceId, spans -> spans.stream().anyMatch(s -> s.kind() == Kind.SERVER)
                && spans.stream().anyMatch(s -> s.kind() == Kind.CLIENT));
        MutableSpan post = trace.stream().filter(s -> s.kind() == Kind.SERVER).findFirst().orElseThrow();
        assertThat(post.parentId()).isEqualTo(clientSpan);
        assertThat(post.name()).isEqualToIgnoringCase("http post /api/orders");
        MutableSpan append = trace.stream().filter(s -> s.kind() == Kind.CLIENT).findFirst().orElseThrow();
        assertThat(append.parentId()).isEqualTo(post.id());
        assertThat(append.name()).contains("CreateEvent");
    }

    @Test
    void anUnsampledTraceparentStaysUnsampledDownstream() {
        String traceId = hex(16);

        Http.Response response = new Http(port).postJson("/api/orders", OrderApiFixture.VALID,
                "traceparent", "00-" + traceId + "-" + hex(8) + "-00");

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.header("X-Trace-Id")).isNull();
        String orderId = response.json().get("order_id").stringValue();
        assertThat(STORE.eventsOf(orderId).get(0).getMetadataMap().get("traceparent"))
                .matches("00-" + traceId + "-[0-9a-f]{16}-00");
        assertThat(SPANS.of(traceId)).isEmpty();
    }

    @Test
    void acceptedAndRejectedOrdersAreCountedOnPrometheus() {
        Http http = new Http(port);
        http.postJson("/api/orders", OrderApiFixture.VALID);
        http.postJson("/api/orders", "{\"customer_id\":\"\"}");
        http.post("/api/orders", "text/plain", "hello");

        String metrics = http.get("/actuator/prometheus").body();

        assertThat(metrics).containsPattern("eventstream_orders_accepted_total\\{[^}]*replayed=\"false\"[^}]*} [1-9]")
                .containsPattern("eventstream_orders_rejected_total\\{[^}]*status=\"400\"[^}]*} [1-9]")
                .containsPattern("eventstream_orders_rejected_total\\{[^}]*status=\"415\"[^}]*} [1-9]");
    }

    @Test
    void readinessCoversTheReadModelAndTheEventStore() {
        Http.Response readiness = new Http(port).get("/actuator/health/readiness");

        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().get("components").propertyNames()).contains("db", "eventStore");
        assertThat(new Http(port).get("/actuator/health/liveness").status()).isEqualTo(200);
    }

    @Test
    void theOpenApiDocumentDescribesTheProblemAnswers() {
        Http.Response docs = new Http(port).get("/v3/api-docs");

        assertThat(docs.status()).isEqualTo(200);
        JsonNode paths = docs.json().get("paths");
        JsonNode post = paths.get("/api/orders").get("post").get("responses");
        for (String status : List.of("400", "409", "413", "415", "422", "502", "503")) {
            assertThat(post.get(status).get("content").get("application/problem+json").get("schema").get("$ref")
                    .stringValue()).as(status).isEqualTo("#/components/schemas/Problem");
        }
        assertThat(post.get("201")).isNotNull();
        assertThat(paths.get("/api/orders/{id}").get("get").get("responses").get("404")).isNotNull();
        assertThat(paths.get("/api/orders/{id}/events").get("get").get("responses").get("404")).isNotNull();
        assertThat(paths.get("/api/orders").get("get").get("responses").get("404")).isNull();
        JsonNode hourly = paths.get("/api/restaurants/{id}/hourly").get("get").get("responses");
        assertThat(hourly.get("400").get("content").get("application/problem+json")).isNotNull();
        assertThat(hourly.get("404")).isNull();
        assertThat(hourly.get("502")).isNull();
        assertThat(docs.json().get("components").get("schemas").get("Problem").get("properties").get("errors"))
                .isNotNull();
        assertThat(new Http(port).get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    /** {@code bytes} random bytes in lower-case hex: a trace or span id. */
    private static String hex(int bytes) {
        byte[] id = new byte[bytes];
        new java.security.SecureRandom().nextBytes(id);
        return java.util.HexFormat.of().formatHex(id);
    }
}

package io.eventstream.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * One order is one trace: every service of the {@link SharedSuite} reports its spans (Zipkin v2
 * JSON) to a collector, and the order's trace, asked for by its POST's sampled traceparent (the
 * services run at the shipped probability) and answered as X-Trace-Id, holds the spans of every
 * service linked as the order travelled: HTTP → gRPC → the outbox's publish → each consumer →
 * its gRPC append → the next publish...
 */
@ExtendWith(SharedSuite.Resolver.class)
@Order(SharedSuite.RUNS_LAST)
class TraceTest {

    private static final Pattern ORDER_ID = Pattern.compile("\"order_id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([^\"]+)\"");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void anOrderIsOneTraceAcrossEveryService(SharedSuite shared) throws Exception {
        Suite suite = shared.whole.suite();
        SpanCollector zipkin = shared.spans;
        int apiPort = shared.whole.orderPort();

        // The services run at the shipped sampling probability (one in ten); the client's sampled
        // traceparent makes this order's journey traced in every service all the same.
        String sampledTrace = hex(16);
        String clientSpan = hex(8);
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + apiPort + "/api/orders"))
                .header("Authorization", suite.bearer("c1"))
                .header("Content-Type", "application/json")
                .header("traceparent", "00-" + sampledTrace + "-" + clientSpan + "-01")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"customer_id":"c1","restaurant_id":"r1",
                         "order_items":[{"code":"p1","name":"Pizza","unit_price":10.5,"quantity":2}]}"""))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
        String traceId = posted.headers().firstValue("X-Trace-Id").orElseThrow();
        assertThat(traceId).isEqualTo(sampledTrace);
        Matcher m = ORDER_ID.matcher(posted.body());
        assertThat(m.find()).isTrue();
        String orderId = m.group(1);
        awaitStatus(suite, apiPort, orderId, "Approved");

        String created = suite.stream + ".created";
        String debited = suite.stream + ".paymentdebited";
        String approved = suite.stream + ".approved";
        // Complete once the last consumer of the last event has reported.
        List<JsonNode> trace = awaitSpans(zipkin, traceId, spans -> count(spans, "querymodel-worker",
                s -> s.path("name").asString().equalsIgnoreCase("consume " + approved)) == 1
                && count(spans, "eventstore-service", s -> "SERVER".equals(s.path("kind").asString())) >= 3);
        System.out.println("trace " + traceId + ":\n" + tree(trace));

        // One root: the POST, a child of the client's span (which only the client knows).
        Map<String, JsonNode> byId = trace.stream().collect(Collectors.toMap(s -> s.path("id").asString(), s -> s,
                (a, b) -> a));
        List<JsonNode> roots = trace.stream().filter(s -> !byId.containsKey(s.path("parentId").asString())).toList();
        assertThat(roots).hasSize(1);
        JsonNode root = roots.get(0);
        assertThat(root.path("parentId").asString()).isEqualTo(clientSpan);
        assertThat(service(root)).isEqualTo("order-service");
        assertThat(root.path("kind").asString()).isEqualTo("SERVER");
        // Every other parent is in the trace: nothing is cut off.
        for (JsonNode span : trace) {
            if (span != root) {
                assertThat(byId).as("parent of " + describe(span)).containsKey(span.path("parentId").asString());
            }
        }

        // order-service → event store: the gRPC append, client and server.
        JsonNode append = only(trace, s -> "order-service".equals(service(s)) && "CLIENT".equals(kind(s)));
        assertThat(parent(byId, append)).isEqualTo(root);
        assertThat(children(trace, append)).anySatisfy(s -> {
            assertThat(service(s)).isEqualTo("eventstore-service");
            assertThat(kind(s)).isEqualTo("SERVER");
        });

        // The outbox publishes the created event under the POST; payment and the query model consume it.
        JsonNode publishCreated = publish(trace, created);
        assertThat(parent(byId, publishCreated)).isEqualTo(root);
        JsonNode payment = consume(trace, "payment-worker", created);
        assertThat(parent(byId, payment)).isEqualTo(publishCreated);
        assertThat(parent(byId, consume(trace, "querymodel-worker", created))).isEqualTo(publishCreated);
        assertThat(payment.path("tags").path("order.id").asString()).isEqualTo(orderId);
        assertThat(payment.path("tags").path("nats.consumer").asString()).isEqualTo("payment-worker");

        // payment-worker appends (gRPC under its consume span), the store publishes under that.
        assertThat(children(trace, payment)).anySatisfy(s -> assertThat(kind(s)).isEqualTo("CLIENT"));
        JsonNode publishDebited = publish(trace, debited);
        assertThat(parent(byId, publishDebited)).isEqualTo(payment);
        JsonNode review = consume(trace, "review-worker", debited);
        assertThat(parent(byId, review)).isEqualTo(publishDebited);
        assertThat(parent(byId, consume(trace, "querymodel-worker", debited))).isEqualTo(publishDebited);

        // review-worker appends the approval; the query model consumes it.
        assertThat(children(trace, review)).anySatisfy(s -> assertThat(kind(s)).isEqualTo("CLIENT"));
        JsonNode publishApproved = publish(trace, approved);
        assertThat(parent(byId, publishApproved)).isEqualTo(review);
        assertThat(parent(byId, consume(trace, "querymodel-worker", approved))).isEqualTo(publishApproved);

        // Probes are not traced: no trace of a readiness or gRPC health check anywhere.
        assertThat(zipkin.all()).noneSatisfy(s -> assertThat(s.path("name").asString().toLowerCase())
                .containsAnyOf("health", "actuator"));
    }

    private void awaitStatus(Suite suite, int port, String orderId, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/orders/" + orderId))
                    .header("Authorization", suite.bearer("c1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = STATUS.matcher(r.body());
            last = r.statusCode() == 200 && m.find() ? m.group(1) : null;
            if (status.equals(last)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("order " + orderId + " is " + last + ", not " + status);
    }

    private static List<JsonNode> awaitSpans(SpanCollector zipkin, String traceId, Predicate<List<JsonNode>> complete)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<JsonNode> trace = zipkin.trace(traceId);
            if (complete.test(trace)) {
                Thread.sleep(1_500); // one more report interval: late spans of the same trace
                return zipkin.trace(traceId);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("trace " + traceId + " incomplete:\n" + tree(zipkin.trace(traceId)));
    }

    private static JsonNode publish(List<JsonNode> trace, String subject) {
        return only(trace, s -> "eventstore-service".equals(service(s)) && "PRODUCER".equals(kind(s))
                && s.path("name").asString().equalsIgnoreCase("publish " + subject));
    }

    private static JsonNode consume(List<JsonNode> trace, String service, String subject) {
        return only(trace, s -> service.equals(service(s)) && "CONSUMER".equals(kind(s))
                && s.path("name").asString().equalsIgnoreCase("consume " + subject));
    }

    private static JsonNode only(List<JsonNode> trace, Predicate<JsonNode> which) {
        List<JsonNode> found = trace.stream().filter(which).toList();
        assertThat(found).as("in the trace:\n" + tree(trace)).hasSize(1);
        return found.get(0);
    }

    private static long count(List<JsonNode> trace, String service, Predicate<JsonNode> which) {
        return trace.stream().filter(s -> service.equals(service(s))).filter(which).count();
    }

    private static JsonNode parent(Map<String, JsonNode> byId, JsonNode span) {
        return byId.get(span.path("parentId").asString());
    }

    private static List<JsonNode> children(List<JsonNode> trace, JsonNode span) {
        String id = span.path("id").asString();
        return trace.stream().filter(s -> id.equals(s.path("parentId").asString())).toList();
    }

    private static String service(JsonNode span) {
        return span.path("localEndpoint").path("serviceName").asString();
    }

    private static String kind(JsonNode span) {
        return span.path("kind").asString();
    }

    private static String describe(JsonNode span) {
        return service(span) + " " + kind(span) + " " + span.path("name").asString();
    }

    /** The trace as an indented tree, for the test output. */
    static String tree(List<JsonNode> trace) {
        StringBuilder out = new StringBuilder();
        List<JsonNode> sorted = trace.stream().sorted(Comparator.comparingLong(s -> s.path("timestamp").asLong()))
                .toList();
        for (JsonNode span : sorted) {
            if (!span.has("parentId") || sorted.stream().noneMatch(
                    p -> p.path("id").asString().equals(span.path("parentId").asString()))) {
                append(out, sorted, span, 0);
            }
        }
        return out.toString();
    }

    private static void append(StringBuilder out, List<JsonNode> sorted, JsonNode span, int depth) {
        out.append("  ".repeat(depth + 1)).append(describe(span))
                .append(" (").append(span.path("duration").asLong() / 1000.0).append(" ms)\n");
        for (JsonNode child : children(sorted, span)) {
            append(out, sorted, child, depth + 1);
        }
    }

    /** {@code bytes} random bytes in lower-case hex: a trace or span id. */
    private static String hex(int bytes) {
        byte[] id = new byte[bytes];
        new java.security.SecureRandom().nextBytes(id);
        return java.util.HexFormat.of().formatHex(id);
    }
}

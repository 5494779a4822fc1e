package io.eventstream.e2e;

import io.eventstream.common.testing.TestPki;
import io.grpc.Grpc;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.TestInfra;
import io.eventstream.proto.eventstore.CreateEventRequest;
import io.eventstream.proto.eventstore.CreateEventResponse;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.eventstream.proto.eventstore.GetEventsRequest;
import io.eventstream.proto.eventstore.GetEventsResponse;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile and malformed input against the order API (HTTP) and the event store (gRPC),
 * through the packaged services as processes. Every case must answer a clear 4xx problem
 * (application/problem+json with a detail) or INVALID_ARGUMENT, store nothing (the event
 * count in the event store's table is unchanged), or, for input that is only odd data, be
 * accepted and stored verbatim. Both services must be ready afterwards. Prints a table.
 */
class BadInputTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The hostile inputs the docs state (docs/bad-input-and-security.md, README.md), besides the health check. */
    static final int CASES = 105;
    private static final String ITEM = "{\"code\":\"p1\",\"name\":\"Pizza\",\"unit_price\":10.50,\"quantity\":1}";

    private final List<Row> rows = new ArrayList<>();
    private Suite suite;
    private int apiPort;
    private ManagedChannel channel;
    private EventStoreGrpc.EventStoreBlockingStub store;

    /** One line of the printed table. */
    private record Row(String kind, String name, String expected, String observed, boolean ok) {
    }

    @Test
    void everyBadInputIsRefusedCleanlyStoresNothingAndLeavesTheServicesHealthy() throws Exception {
        try (Suite s = Suite.bootstrap()) {
            suite = s;
            int grpcPort = TestInfra.freePort();
            ServiceProcess eventStore = s.eventStore("badinput-eventstore", grpcPort).start();
            apiPort = TestInfra.freePort();
            ServiceProcess api = s.service("order-service", "badinput-order-service", apiPort, grpcPort).start();
            channel = Grpc.newChannelBuilderForAddress("127.0.0.1", grpcPort, TestPki.credentials(TestPki.dir(), "order-service"))
                    .maxInboundMessageSize(16 * 1024 * 1024).build();
            try {
                store = EventStoreGrpc.newBlockingStub(channel);
                httpBodies();
                httpPathsAndQueries();
                httpAcceptedAsData();
                grpcCases();
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            rows.add(new Row("health", "readiness of both services after the suite", "200",
                    readiness(eventStore.httpPort()) + "/" + readiness(apiPort),
                    readiness(eventStore.httpPort()) == 200 && readiness(apiPort) == 200));
            printTable();
            // docs/bad-input-and-security.md and README.md state this number: a case lost or added changes them.
            assertThat(rows.stream().filter(r -> !r.kind().equals("health")).count()).as("input cases")
                    .isEqualTo(CASES);
            assertThat(rows.stream().filter(r -> !r.ok()).toList()).as("failed cases").isEmpty();
        }
    }

    // ---------------------------------------------------------------- HTTP: POST /api/orders bodies

    private void httpBodies() throws Exception {
        postBad("malformed JSON", "{\"customer_id\":", 400);
        String valid = order("c1", "r1", ITEM);
        postBad("truncated JSON (half an order)", valid.substring(0, valid.length() / 2), 400);
        postBad("empty body", "", 400);
        postBad("JSON null", "null", 400);
        postBad("JSON array instead of object", "[]", 400);
        postBad("JSON string instead of object", "\"order\"", 400);
        postBad("customer_id is a number", "{\"customer_id\":42,\"restaurant_id\":\"r1\",\"order_items\":[" + ITEM + "]}", 400);
        postBad("customer_id is null", "{\"customer_id\":null,\"restaurant_id\":\"r1\",\"order_items\":[" + ITEM + "]}", 400);
        postBad("customer_id blank", order(" ", "r1", ITEM), 400);
        postBad("customer_id 201 characters", order("c".repeat(201), "r1", ITEM), 400);
        postBad("restaurant_id missing", "{\"customer_id\":\"c1\",\"order_items\":[" + ITEM + "]}", 400);
        postBad("order_items is a string", "{\"customer_id\":\"c1\",\"restaurant_id\":\"r1\",\"order_items\":\"pizza\"}", 400);
        postBad("order_items empty", order("c1", "r1", ""), 400);
        postBad("order_items[0] is null", order("c1", "r1", "null"), 400);
        postBad("quantity 0", order("c1", "r1", item("1.00", "0")), 400);
        postBad("quantity negative", order("c1", "r1", item("1.00", "-3")), 400);
        postBad("quantity huge (1e12)", order("c1", "r1", item("1.00", "1000000000000")), 400);
        postBad("quantity beyond int64", order("c1", "r1", item("1.00", "99999999999999999999999")), 400);
        postBad("quantity fractional", order("c1", "r1", item("1.00", "2.5")), 400);
        postBad("quantity as string", order("c1", "r1", item("1.00", "\"2\"")), 400);
        postBad("quantity null", order("c1", "r1", item("1.00", "null")), 400);
        postBad("unit_price negative", order("c1", "r1", item("-0.01", "1")), 400);
        postBad("unit_price huge (1e20)", order("c1", "r1", item("1e20", "1")), 400);
        postBad("unit_price 3 decimals", order("c1", "r1", item("1.001", "1")), 400);
        postBad("unit_price NaN literal", order("c1", "r1", item("NaN", "1")), 400);
        postBad("unit_price Infinity literal", order("c1", "r1", item("Infinity", "1")), 400);
        postBad("unit_price -Infinity literal", order("c1", "r1", item("-Infinity", "1")), 400);
        postBad("unit_price \"NaN\" string", order("c1", "r1", item("\"NaN\"", "1")), 400);
        postBad("total over DECIMAL(14,2)", order("c1", "r1", item("999999999999.99", "2")), 400);
        postBad("101 items (limit 100)", order("c1", "r1", String.join(",", java.util.Collections.nCopies(101, ITEM))), 400);
        postBad("10,000 items", order("c1", "r1", String.join(",", java.util.Collections.nCopies(10_000, ITEM))), 413);
        postBad("10 MB body", order("c1", "r1", item("1.00", "1")).replace("\"p1\"",
                "\"" + "x".repeat(10 * 1024 * 1024) + "\""), 413);
        postBad("100,000 nested '['", "[".repeat(100_000), 413);
        postBad("50,000 nested '[' (within the size limit)", "{\"customer_id\":" + "[".repeat(50_000), 400);
        postBad("10,000 nested objects", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000), 400);
        postBadBytes("invalid UTF-8 (0xC3 0x28) in a name", withBytes(order("c1", "r1", item("1.00", "1")),
                "Pizza", new byte[] {(byte) 0xC3, 0x28}), "application/json", 400);
        postBadBytes("invalid UTF-8 (lone 0xFF) in a name", withBytes(order("c1", "r1", item("1.00", "1")),
                "Pizza", new byte[] {(byte) 0xFF}), "application/json", 400);
        postBad("NUL character (\\u0000) in a name", order("c1", "r1", ITEM.replace("Pizza", "Pi\\u0000zza")), 400);
        postBad("lone surrogate (\\ud800) in a name", order("c1", "r1", ITEM.replace("Pizza", "Pi\\ud800zza")), 400);
        postBadBytes("Content-Type text/plain", order("c1", "r1", ITEM).getBytes(StandardCharsets.UTF_8), "text/plain", 415);
        postBadBytes("Content-Type application/xml", "<order/>".getBytes(StandardCharsets.UTF_8), "application/xml", 415);
        postBadBytes("Content-Type form-urlencoded", "customer_id=c1".getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded", 415);
        postBadBytes("no Content-Type", order("c1", "r1", ITEM).getBytes(StandardCharsets.UTF_8), null, 415);
        httpBad("Idempotency-Key with non-ASCII", request("/api/orders").header("Content-Type", "application/json")
                .header("Idempotency-Key", "key with spaces").POST(HttpRequest.BodyPublishers.ofString(order("c1", "r1", ITEM))), 400);
        httpBad("PUT /api/orders (method not allowed)", request("/api/orders").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(order("c1", "r1", ITEM))), 405);
    }

    // ---------------------------------------------------------------- HTTP: ids in paths, list queries

    private void httpPathsAndQueries() throws Exception {
        httpBad("GET id not a UUID", request("/api/orders/not-a-uuid").GET(), 400);
        httpBad("GET id ..%2F..%2Factuator", request("/api/orders/..%2F..%2Factuator%2Fhealth").GET(), 400);
        httpBad("GET id 5,000 characters", request("/api/orders/" + "a".repeat(5_000)).GET(), 400);
        httpBad("GET id unicode", request("/api/orders/%C3%A9%E2%9C%93%F0%9F%8D%95").GET(), 400);
        httpBad("GET id %00", request("/api/orders/%00").GET(), 400);
        httpBad("GET id %2e%2e above the root", request("/api/orders/%2e%2e/%2e%2e/%2e%2e/etc/passwd").GET(), 400);
        // Java's HTTP client will not send these; they go over a raw socket.
        httpBadRaw("GET id ../ above the root (raw)", "GET /api/orders/../../../etc/passwd");
        httpBadRaw("GET id invalid percent-encoding %zz (raw)", "GET /api/orders/%zz");
        httpBadRaw("GET id overlong UTF-8 %C0%AE (raw)", "GET /api/orders/%C0%AE%C0%AE");
        httpBadRaw("GET id with '{}' (raw)", "GET /api/orders/{}");
        httpBad("GET id SQL fragment", request("/api/orders/1%27%20OR%20%271%27%3D%271").GET(), 400);
        httpBad("GET unknown UUID", request("/api/orders/" + UUID.randomUUID()).GET(), 404);
        httpBad("cancel id not a UUID", request("/api/orders/nope/cancel").POST(HttpRequest.BodyPublishers.noBody()), 400);
        httpBad("cancel id ..%2F", request("/api/orders/..%2F..%2Fx/cancel").POST(HttpRequest.BodyPublishers.noBody()), 400);
        httpBad("cancel id %00", request("/api/orders/%00/cancel").POST(HttpRequest.BodyPublishers.noBody()), 400);
        httpBadRaw("cancel id %zz (raw)", "POST /api/orders/%zz/cancel");
        httpBad("cancel unknown UUID", request("/api/orders/" + UUID.randomUUID() + "/cancel")
                .POST(HttpRequest.BodyPublishers.noBody()), 404);
        httpBad("list without customer_id", request("/api/orders").GET(), 400);
        httpBad("list size -1", request("/api/orders?customer_id=c1&size=-1").GET(), 400);
        httpBad("list size 100000", request("/api/orders?customer_id=c1&size=100000").GET(), 400);
        httpBad("list page not a number", request("/api/orders?customer_id=c1&page=abc").GET(), 400);
        long before = eventCount();
        HttpResponse<String> list = send(request("/api/orders?customer_id=%27%3B%20DROP%20TABLE%20orders%3B%20--").GET());
        boolean ok = list.statusCode() == 200 && JSON.readTree(list.body()).toString().contains("[]")
                && eventCount() == before;
        rows.add(new Row("HTTP", "list with SQL fragment as customer_id (data)", "200, empty", list.statusCode() + "", ok));
    }

    // ---------------------------------------------------------------- HTTP: odd but valid data is stored verbatim

    private void httpAcceptedAsData() throws Exception {
        String unknown = "{\"customer_id\":\"c1\",\"restaurant_id\":\"r1\",\"is_admin\":true,\"__proto__\":{\"x\":1},"
                + "\"order_items\":[{\"code\":\"p1\",\"name\":\"Pizza\",\"unit_price\":1,\"quantity\":1,\"discount\":99}]}";
        accepted("unknown fields (ignored, not echoed)", unknown, "c1", "Pizza");
        accepted("script in name", order("c1", "r1", ITEM.replace("Pizza", "<script>alert(1)</script>")),
                "c1", "<script>alert(1)</script>");
        accepted("SQL in name and customer_id", order("'; DROP TABLE events; --", "r1",
                ITEM.replace("Pizza", "Robert'); DROP TABLE orders;--")), "'; DROP TABLE events; --",
                "Robert'); DROP TABLE orders;--");
        accepted("unicode name", order("c1", "r1", ITEM.replace("Pizza", "Crème brûlée 🍮 ピザ")), "c1",
                "Crème brûlée 🍮 ピザ");
    }

    private void accepted(String name, String body, String customerId, String itemName) throws Exception {
        long before = eventCount();
        HttpResponse<String> response = send(request("/api/orders").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        List<String> problems = new ArrayList<>();
        if (response.statusCode() != 201) {
            problems.add("status " + response.statusCode());
        } else {
            JsonNode created = JSON.readTree(response.body());
            for (String field : List.of("is_admin", "__proto__", "discount")) {
                if (response.body().contains(field)) {
                    problems.add("echoed " + field);
                }
            }
            String orderId = created.get("order_id").stringValue();
            HttpResponse<String> events = send(request("/api/orders/" + orderId + "/events").GET());
            JsonNode data = JSON.readTree(events.body()).get(0).get("data");
            if (!customerId.equals(data.get("customer_id").stringValue())
                    || !itemName.equals(data.get("order_items").get(0).get("name").stringValue())) {
                problems.add("read back differs: " + data);
            }
            if (events.body().contains("discount") || events.body().contains("is_admin")) {
                problems.add("unknown field stored");
            }
            if (eventCount() != before + 1) {
                problems.add("stored " + (eventCount() - before) + " events");
            }
        }
        rows.add(new Row("HTTP", name, "201, stored verbatim",
                response.statusCode() + (problems.isEmpty() ? "" : " " + problems), problems.isEmpty()));
    }

    // ---------------------------------------------------------------- gRPC: the event store

    private void grpcCases() throws Exception {
        grpcBad("CreateEvent without event", () -> store.createEvent(CreateEventRequest.getDefaultInstance()));
        grpcBad("CreateEvent all fields empty", () -> create(Event.newBuilder()));
        grpcBad("event_id missing", () -> create(event().setEventId("")));
        grpcBad("event_type missing", () -> create(event().setEventType("")));
        grpcBad("aggregate_id missing", () -> create(event().setAggregateId("")));
        grpcBad("aggregate_type missing", () -> create(event().setAggregateType("")));
        streamDefaultsToTheEventTypesFirstToken();
        grpcBad("event_id 300 characters", () -> create(event().setEventId("e".repeat(300))));
        grpcBad("event_id with spaces and unicode", () -> create(event().setEventId("id with space é")));
        grpcBad("event_type with wildcard", () -> create(event().setEventType(suite.stream + ".*")));
        grpcBad("event_type with '..'", () -> create(event().setEventType(suite.stream + "..created")));
        grpcBad("event_data malformed JSON", () -> create(event().setEventData("{\"a\":")));
        grpcBad("event_data two JSON values", () -> create(event().setEventData("{} {}")));
        grpcBad("event_data NaN", () -> create(event().setEventData("{\"amount\":NaN}")));
        grpcBad("event_data with NUL", () -> create(event().setEventData("{\"a\":\"\\u0000\"}")));
        grpcBad("event_data over 1 MiB", () -> create(event().setEventData(
                "\"" + "x".repeat(1024 * 1024 + 1) + "\"")));
        grpcBad("event_data 100,000 nested '['", () -> create(event().setEventData("[".repeat(100_000)
                + "]".repeat(100_000))));
        // A message over the server's 4 MiB inbound limit is refused by grpc-java's transport.
        grpcRefused("CreateEvent message over 4 MiB", Status.Code.RESOURCE_EXHAUSTED, () -> create(event()
                .setEventData("\"" + "x".repeat(5 * 1024 * 1024) + "\"")));
        // Requests that cannot be parsed (sent as raw bytes: the Java stubs cannot build them).
        grpcBad("event_data invalid UTF-8 bytes", () -> createRaw(patched(
                CreateEventRequest.newBuilder().setEvent(event().setEventData("\"QQ\"")).build().toByteArray(),
                new byte[] {(byte) 0xC3, 0x28})));
        grpcBad("metadata value invalid UTF-8 bytes", () -> createRaw(patched(
                CreateEventRequest.newBuilder().setEvent(event().putMetadata("Correlation-Id", "QQ")).build()
                        .toByteArray(), new byte[] {(byte) 0xFF, (byte) 0xFE})));
        grpcBad("CreateEvent bytes truncated", () -> createRaw(new byte[] {0x0A, 100, 0x0A, 1, 'a'}));
        grpcBad("CreateEvent bytes not protobuf (wire type 7)", () -> createRaw(new byte[] {0x0F, 1}));
        grpcBad("GetEvents aggregate_id invalid UTF-8 bytes", () -> getEventsRaw(patched(
                GetEventsRequest.newBuilder().setAggregateId("QQ").build().toByteArray(), new byte[] {(byte) 0xC3, 0x28})));
        grpcBad("metadata key with ':'", () -> create(event().putMetadata("a:b", "v")));
        grpcBad("metadata key reserved Nats-Msg-Id", () -> create(event().putMetadata("Nats-Msg-Id", "x")));
        grpcBad("metadata value with newline", () -> create(event().putMetadata("Correlation-Id", "a\r\nX-Evil: 1")));
        grpcBad("metadata 33 entries", () -> {
            Event.Builder e = event();
            for (int i = 0; i < 33; i++) {
                e.putMetadata("k" + i, "v");
            }
            return create(e);
        });
        grpcBad("GetEvents negative from_position",
                () -> store.getEvents(GetEventsRequest.newBuilder().setFromPosition(-1).build()));
        grpcBad("GetEvents negative limit", () -> store.getEvents(GetEventsRequest.newBuilder().setLimit(-5).build()));
        grpcBad("GetEventsStream negative from_position", () -> {
            var it = store.withDeadlineAfter(5, TimeUnit.SECONDS)
                    .getEventsStream(GetEventsRequest.newBuilder().setFromPosition(-1).build());
            return it.hasNext() ? it.next() : null;
        });
        // Odd ids in a read are data: nothing matches, nothing breaks.
        for (String odd : List.of("'; DROP TABLE events; --", "../../etc/passwd", "é✓🍕", "x".repeat(10_000))) {
            String label = odd.length() > 40 ? odd.length() + " characters" : odd;
            long before = eventCount();
            String observed;
            boolean ok;
            try {
                int n = store.getEvents(GetEventsRequest.newBuilder().setAggregateId(odd).build()).getEventsCount();
                observed = "OK, " + n + " events";
                ok = n == 0 && eventCount() == before;
            } catch (StatusRuntimeException e) {
                observed = e.getStatus().getCode().toString();
                ok = false;
            }
            rows.add(new Row("gRPC", "GetEvents aggregate_id " + label, "OK, 0 events", observed, ok));
        }
    }

    /** Documented: a missing stream is the event type's first token (the original's callers always send one). */
    private void streamDefaultsToTheEventTypesFirstToken() {
        long before = eventCount();
        Event.Builder event = event().setStream("");
        String observed;
        boolean ok;
        try {
            create(event);
            var stored = store.getEvents(GetEventsRequest.newBuilder().setEventId(event.getEventId()).build());
            String stream = stored.getEventsCount() == 1 ? stored.getEvents(0).getStream() : "none";
            observed = "OK, stream " + stream;
            ok = suite.stream.equals(stream) && eventCount() == before + 1;
        } catch (StatusRuntimeException e) {
            observed = e.getStatus().getCode().toString();
            ok = false;
        }
        rows.add(new Row("gRPC", "stream missing (documented default)", "OK, stream from type", observed, ok));
    }

    /** {@code request} with its first "QQ" overwritten by {@code raw}: the Java stubs refuse to build non-UTF-8 strings. */
    private static byte[] patched(byte[] request, byte[] raw) {
        int at = new String(request, StandardCharsets.ISO_8859_1).indexOf("QQ");
        byte[] out = request.clone();
        System.arraycopy(raw, 0, out, at, raw.length);
        return out;
    }

    private Object createRaw(byte[] request) {
        MethodDescriptor<byte[], CreateEventResponse> raw = EventStoreGrpc.getCreateEventMethod()
                .toBuilder(new RawBytes(), EventStoreGrpc.getCreateEventMethod().getResponseMarshaller()).build();
        return ClientCalls.blockingUnaryCall(channel, raw, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
                request);
    }

    private Object getEventsRaw(byte[] request) {
        MethodDescriptor<byte[], GetEventsResponse> raw = EventStoreGrpc.getGetEventsMethod()
                .toBuilder(new RawBytes(), EventStoreGrpc.getGetEventsMethod().getResponseMarshaller()).build();
        return ClientCalls.blockingUnaryCall(channel, raw, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
                request);
    }

    private static final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public java.io.InputStream stream(byte[] value) {
            return new java.io.ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(java.io.InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private Object create(Event.Builder event) {
        return store.createEvent(CreateEventRequest.newBuilder().setEvent(event).build());
    }

    private Event.Builder event() {
        return Event.newBuilder().setEventId(UUID.randomUUID().toString()).setEventType(suite.stream + ".created")
                .setAggregateId(UUID.randomUUID().toString()).setAggregateType("order").setStream(suite.stream)
                .setEventData("{\"ok\":true}");
    }

    private void grpcBad(String name, Callable<?> call) {
        grpcRefused(name, Status.Code.INVALID_ARGUMENT, call);
    }

    private void grpcRefused(String name, Status.Code expected, Callable<?> call) {
        long before = eventCount();
        String observed;
        boolean ok;
        try {
            store = EventStoreGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            call.call();
            observed = "OK";
            ok = false;
        } catch (StatusRuntimeException e) {
            Status status = e.getStatus();
            String description = Optional.ofNullable(status.getDescription()).orElse("");
            observed = status.getCode() + (description.isEmpty() ? "" : ": " + abbreviate(description));
            ok = status.getCode() == expected && !description.isBlank();
        } catch (Exception e) {
            observed = e.toString();
            ok = false;
        }
        long after = eventCount();
        if (after != before) {
            observed += " (stored " + (after - before) + ")";
            ok = false;
        }
        rows.add(new Row("gRPC", name, expected.toString(), observed, ok));
    }

    // ---------------------------------------------------------------- helpers

    private void postBad(String name, String body, int status) throws Exception {
        postBadBytes(name, body.getBytes(StandardCharsets.UTF_8), "application/json", status);
    }

    private void postBadBytes(String name, byte[] body, String contentType, int status) throws Exception {
        HttpRequest.Builder builder = request("/api/orders").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        httpBad(name, builder, status);
    }

    /** Expects {@code status} with a problem+json body that has a detail, and nothing stored. */
    private void httpBad(String name, HttpRequest.Builder request, int status) throws Exception {
        long before = eventCount();
        String observed;
        boolean ok;
        try {
            HttpResponse<String> response = send(request);
            String type = response.headers().firstValue("Content-Type").orElse("");
            String detail = "";
            if (type.startsWith("application/problem+json")) {
                JsonNode problem = JSON.readTree(response.body());
                detail = problem.path("detail").asString("");
                JsonNode errors = problem.get("errors");
                if (errors != null && errors.isArray() && !errors.isEmpty()) {
                    detail = errors.get(0).path("field").asString("") + " " + errors.get(0).path("message").asString("");
                }
            }
            observed = response.statusCode() + " " + (type.startsWith("application/problem+json") ? "problem" : type)
                    + (detail.isEmpty() ? "" : ": " + abbreviate(detail));
            ok = response.statusCode() == status && type.startsWith("application/problem+json") && !detail.isBlank();
        } catch (IOException e) {
            observed = "no answer: " + e;
            ok = false;
        }
        long after = eventCount();
        if (after != before) {
            observed += " (stored " + (after - before) + ")";
            ok = false;
        }
        rows.add(new Row("HTTP", name, status + " problem", observed, ok));
    }

    /**
     * Like {@link #httpBad} for a request line Java's HTTP client will not send, over a raw socket
     * (Tomcat refuses these before the application sees them; its answer must be a problem too).
     * The answer must not echo the path nor name the server.
     */
    private void httpBadRaw(String name, String requestLine) {
        long before = eventCount();
        String observed;
        boolean ok;
        try (Socket socket = new Socket("127.0.0.1", apiPort)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write((requestLine + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n"
                    + "Authorization: " + suite.bearer(null) + "\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String head = raw.substring(0, raw.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
            int status = Integer.parseInt(head.split(" ")[1]);
            boolean problemType = head.contains("\r\ncontent-type: application/problem+json");
            String body = raw.substring(raw.indexOf('{'), raw.lastIndexOf('}') + 1);
            String detail = problemType ? JSON.readTree(body).path("detail").asString("") : "";
            boolean leaks = raw.contains("/api/orders") || raw.toLowerCase(Locale.ROOT).contains("tomcat")
                    || head.contains("\r\nserver:");
            observed = status + " " + (problemType ? "problem" : "not a problem") + (detail.isEmpty() ? ""
                    : ": " + abbreviate(detail)) + (leaks ? " (echoes the path or names the server)" : "");
            ok = status == 400 && problemType && !detail.isBlank() && !leaks;
        } catch (IOException | RuntimeException e) {
            observed = "no answer: " + e;
            ok = false;
        }
        if (eventCount() != before) {
            observed += " (stored " + (eventCount() - before) + ")";
            ok = false;
        }
        rows.add(new Row("HTTP", name, "400 problem", observed, ok));
    }

    /** As an operator: the bad input, not the token, is what each case tries (HostileCallerTest tries tokens). */
    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", suite.bearer(null));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int readiness(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private long eventCount() {
        try (var c = DriverManager.getConnection(TestInfra.jdbcUrl(suite.eventstoreDb), TestInfra.PG_ADMIN, "");
             var s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM events")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String order(String customerId, String restaurantId, String items) {
        return "{\"customer_id\":\"" + customerId + "\",\"restaurant_id\":\"" + restaurantId
                + "\",\"order_items\":[" + items + "]}";
    }

    private static String item(String unitPrice, String quantity) {
        return "{\"code\":\"p1\",\"name\":\"Pizza\",\"unit_price\":" + unitPrice + ",\"quantity\":" + quantity + "}";
    }

    /** The UTF-8 of {@code json} with the first {@code marker} replaced by raw bytes. */
    private static byte[] withBytes(String json, String marker, byte[] raw) {
        int at = json.indexOf(marker);
        byte[] head = json.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] tail = json.substring(at + marker.length()).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + raw.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(raw, 0, out, head.length, raw.length);
        System.arraycopy(tail, 0, out, head.length + raw.length, tail.length);
        return out;
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() > 90 ? oneLine.substring(0, 87) + "..." : oneLine;
    }

    private void printTable() {
        StringBuilder out = new StringBuilder("\nBad-input suite: ").append(rows.size()).append(" cases\n");
        out.append(String.format("| %-4s | %-48s | %-22s | %-4s | %s%n", "kind", "case", "expected", "pass", "observed"));
        for (Row r : rows) {
            out.append(String.format("| %-4s | %-48s | %-22s | %-4s | %s%n", r.kind(), r.name(), r.expected(),
                    r.ok() ? "yes" : "NO", r.observed().replace("|", "\\|")));
        }
        System.out.println(out);
    }
}

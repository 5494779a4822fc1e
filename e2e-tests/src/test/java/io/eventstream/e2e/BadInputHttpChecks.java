package io.eventstream.e2e;

import static io.eventstream.e2e.BadInputTable.abbreviate;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How one hostile HTTP request is sent to the order API and judged into a row of the
 * {@link BadInputTable}: the vocabulary {@link BadInputHttpCases} is written in, apart so that
 * the list of cases reads as a list (one line a case) and each judgement is written once.
 */
abstract class BadInputHttpChecks {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Suite suite;
    private final int apiPort;
    final BadInputTable table;

    BadInputHttpChecks(Suite suite, int apiPort, BadInputTable table) {
        this.suite = suite;
        this.apiPort = apiPort;
        this.table = table;
    }

    void postBad(String name, String body, int status) throws Exception {
        postBadBytes(name, body.getBytes(StandardCharsets.UTF_8), "application/json", status);
    }

    void postBadBytes(String name, byte[] body, String contentType, int status) throws Exception {
        HttpRequest.Builder builder = request("/api/orders").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        httpBad(name, builder, status);
    }

    /** Expects {@code status} with a problem+json body that has a detail, and nothing stored. */
    void httpBad(String name, HttpRequest.Builder request, int status) throws Exception {
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
        table.add("HTTP", name, status + " problem", observed, ok);
    }

    /**
     * Like {@link #httpBad} for a request line Java's HTTP client will not send, over a raw socket
     * (Tomcat refuses these before the application sees them; its answer must be a problem too).
     * The answer must not echo the path nor name the server.
     */
    void httpBadRaw(String name, String requestLine) {
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
        table.add("HTTP", name, "400 problem", observed, ok);
    }

    void accepted(String name, String body, String customerId, String itemName) throws Exception {
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
        table.add("HTTP", name, "201, stored verbatim",
                response.statusCode() + (problems.isEmpty() ? "" : " " + problems), problems.isEmpty());
    }

    /** As an operator: the bad input, not the token, is what each case tries (HostileCallerTest tries tokens). */
    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", suite.bearer(null));
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    long eventCount() {
        return StoredEvents.count(suite);
    }
}

package io.eventstream.orders.board;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import io.eventstream.common.testing.TestTokens;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One browser's connection to /api/board/events, read line by line on a thread of its own. */
final class Sse implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record SseEvent(String id, String name, JsonNode data) {
    }

    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final java.io.InputStream body;

    private Sse(java.io.InputStream body) {
        this.body = body;
        Thread reader = new Thread(this::read, "sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static Sse open(int port, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                // As the board's EventSource does: the token in the query (no header possible there).
                URI.create("http://127.0.0.1:" + port + "/api/board/events?access_token=" + TestTokens.operator()))
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<java.io.InputStream> response =
                CLIENT.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/event-stream"));
        return new Sse(response.body());
    }

    private void read() {
        try (var lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null, name = null;
            List<String> data = new ArrayList<>();
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        received.add(new SseEvent(id, name, JSON.readTree(String.join("\n", data))));
                    }
                    id = null;
                    name = null;
                    data.clear();
                } else if (line.startsWith(":")) {
                    received.add(line.substring(1));
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.add(line.substring(5));
                }
            }
        } catch (Exception e) {
            // closed by the test
        }
    }

    void awaitComment() throws InterruptedException {
        assertThat(received.poll(10, TimeUnit.SECONDS)).isInstanceOf(String.class);
    }

    SseEvent next() throws InterruptedException {
        Object item;
        do {
            item = received.poll(10, TimeUnit.SECONDS);
            assertThat(item).as("an event within 10 s").isNotNull();
        } while (item instanceof String);
        return (SseEvent) item;
    }

    SseEvent poll(long millis) throws InterruptedException {
        Object item = received.poll(millis, TimeUnit.MILLISECONDS);
        while (item instanceof String) {
            item = received.poll(millis, TimeUnit.MILLISECONDS);
        }
        return (SseEvent) item;
    }

    @Override
    public void close() throws Exception {
        body.close();
    }
}

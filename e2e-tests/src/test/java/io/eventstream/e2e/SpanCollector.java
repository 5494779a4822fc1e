package io.eventstream.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Zipkin's collector does and no more: accepts Zipkin v2 JSON spans on
 * {@code POST /api/v2/spans} and keeps them, so a test can read a trace without starting
 * a Zipkin server (9 s).
 */
final class SpanCollector implements AutoCloseable {

    private final JsonMapper json = JsonMapper.builder().build();
    private final List<JsonNode> spans = new ArrayList<>();
    private final HttpServer server;

    SpanCollector() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v2/spans", exchange -> {
            try (exchange) {
                InputStream body = exchange.getRequestBody();
                if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    body = new GZIPInputStream(body);
                }
                JsonNode batch = json.readTree(body.readAllBytes());
                synchronized (spans) {
                    batch.forEach(spans::add);
                }
                exchange.sendResponseHeaders(202, -1);
            }
        });
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v2/spans";
    }

    List<JsonNode> trace(String traceId) {
        synchronized (spans) {
            return spans.stream().filter(s -> traceId.equals(s.path("traceId").asString())).toList();
        }
    }

    List<JsonNode> all() {
        synchronized (spans) {
            return List.copyOf(spans);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

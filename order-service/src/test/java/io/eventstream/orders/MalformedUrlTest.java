package io.eventstream.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.TestTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Request lines Tomcat refuses before the application sees them answer a problem body, not
 * Tomcat's HTML page. Sent over a raw socket: Java's HTTP client will not send most of them.
 */
class MalformedUrlTest extends OrderApiFixture {

    @ParameterizedTest
    @ValueSource(strings = {
            "GET /api/orders/%00",
            "GET /api/orders/..%2F..%2Factuator%2Fhealth",
            "GET /api/orders/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
            "GET /api/orders/../../../etc/passwd",
            "GET /api/orders/%zz",
            "GET /api/orders/%C0%AE%C0%AE",
            "GET /api/orders/{}",
            "GET /api/orders/a%00b?x=1",
            "POST /api/orders/%00/cancel",
            "POST /api/orders/..%2F..%2Fx/cancel"})
    void tomcatsOwnRefusalIsAProblemBody(String requestLine) throws IOException {
        RawResponse response = send(requestLine);

        assertThat(response.status()).as(response.head()).isEqualTo(400);
        assertThat(response.header("content-type")).startsWith("application/problem+json");
        JsonNode problem = Http.parse(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("title").asString()).isEqualTo("Bad Request");
        assertThat(problem.get("detail").asString()).contains("URL");
        assertThat(response.body()).doesNotContainIgnoringCase("tomcat").doesNotContainIgnoringCase("apache")
                .doesNotContain("<html").doesNotContain("at org.").doesNotContain("etc/passwd");
        assertThat(response.header("server")).isNull();
    }

    @Test
    void errorsTheApplicationAnswersAreUntouched() throws IOException {
        RawResponse response = send("GET /api/orders/not-a-uuid");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("content-type")).startsWith("application/problem+json");
        assertThat(Http.parse(response.body()).get("errors").get(0).get("message").asString())
                .isEqualTo("must be a UUID");
    }

    /** One request on its own connection; the whole answer, read until the server closes. */
    private RawResponse send(String requestLine) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            String request = requestLine + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n"
                    + "Authorization: Bearer " + TestTokens.operator() + "\r\n\r\n";
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = raw.indexOf("\r\n\r\n");
            String head = raw.substring(0, split);
            String body = raw.substring(split + 4);
            if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = unchunk(body);
            }
            return new RawResponse(head, body);
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }

    private record RawResponse(String head, String body) {

        int status() {
            return Integer.parseInt(head.split(" ")[1]);
        }

        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }
}

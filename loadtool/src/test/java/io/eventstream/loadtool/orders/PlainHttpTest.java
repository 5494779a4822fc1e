package io.eventstream.loadtool.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PlainHttp against a real socket server that answers as scripted, request by request. */
class PlainHttpTest {

    private ServerSocket server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    /** Serves connections one after another; {@code answer} gets the request's number (0, 1, ...). */
    private URI serve(int answersPerConnection, IntFunction<String> answer) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    try (Socket s = server.accept()) {
                        connections.incrementAndGet();
                        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                        OutputStream out = s.getOutputStream();
                        for (int i = 0; i < answersPerConnection; i++) {
                            String request = readRequest(in);
                            if (request == null) {
                                break;
                            }
                            requests.add(request);
                            out.write(answer.apply(requests.size() - 1).getBytes(StandardCharsets.ISO_8859_1));
                            out.flush();
                        }
                    }
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        t.setDaemon(true);
        t.start();
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/api/orders");
    }

    private static String readRequest(BufferedReader in) throws IOException {
        StringBuilder head = new StringBuilder();
        int length = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isEmpty()) {
                char[] body = new char[length];
                int read = 0;
                while (read < length) {
                    read += in.read(body, read, length - read);
                }
                return head.append('\n').append(body).toString();
            }
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
            head.append(line).append('\n');
        }
        return null;
    }

    private static String sized(int status, String body) {
        return "HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                + "\r\n\r\n" + body;
    }

    @Test
    void postsOnOneKeptAliveConnectionAndReadsSizedAnswers() throws Exception {
        URI uri = serve(100, i -> sized(201, "{\"order_id\":\"o" + i + "\"}"));
        try (PlainHttp http = new PlainHttp(uri)) {
            PlainHttp.Response first = http.postJson("{\"a\":1}", "Bearer t1", "key-1");
            PlainHttp.Response second = http.postJson("{\"b\":\"é\"}", null, null);
            assertThat(first).isEqualTo(new PlainHttp.Response(201, "{\"order_id\":\"o0\"}"));
            assertThat(second.body()).isEqualTo("{\"order_id\":\"o1\"}");
        }
        assertThat(connections.get()).isEqualTo(1);
        assertThat(requests.get(0)).startsWith("POST /api/orders HTTP/1.1\n").contains("Authorization: Bearer t1\n")
                .contains("Content-Type: application/json\n").contains("Idempotency-Key: key-1\n").endsWith("\n{\"a\":1}");
        assertThat(requests.get(1)).doesNotContain("Authorization").doesNotContain("Idempotency-Key")
                .contains("Content-Length: 10\n");
    }

    @Test
    void readsChunkedAnswersAndErrorStatuses() throws Exception {
        URI uri = serve(100, i -> i == 0
                ? "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"ord\r\nb;ext=1\r\ner_id\":\"x\"}\r\n0\r\n\r\n"
                : sized(503, "busy"));
        try (PlainHttp http = new PlainHttp(uri)) {
            assertThat(http.postJson("{}", null, null)).isEqualTo(new PlainHttp.Response(201, "{\"order_id\":\"x\"}"));
            assertThat(http.postJson("{}", null, null)).isEqualTo(new PlainHttp.Response(503, "busy"));
        }
        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void aConnectionTheServerClosedIsReplacedAndTheRequestSentOnce() throws Exception {
        // One answer per connection, no "Connection: close": the client learns of the close only
        // when it uses the connection again, before any answer. That request goes out once more.
        URI uri = serve(1, i -> sized(201, "{\"n\":" + i + "}"));
        try (PlainHttp http = new PlainHttp(uri)) {
            for (int i = 0; i < 3; i++) {
                assertThat(http.postJson("{}", null, null).body()).isEqualTo("{\"n\":" + i + "}");
                Thread.sleep(50); // the server has closed by now
            }
        }
        assertThat(requests).hasSize(3);
        assertThat(connections.get()).isEqualTo(3);
    }

    @Test
    void aRequestSentAgainCarriesTheSameIdempotencyKeySoItCannotPlaceASecondOrder() throws Exception {
        // The server reads the second request and closes without a byte of answer: it may have
        // taken it. The client cannot tell that from an idle close, sends it again, with its key.
        URI uri = serve(2, i -> i == 1 ? "" : sized(201, "{\"n\":" + i + "}"));
        try (PlainHttp http = new PlainHttp(uri)) {
            assertThat(http.postJson("{}", null, "k0").body()).isEqualTo("{\"n\":0}");
            assertThat(http.postJson("{}", null, "k1").body()).isEqualTo("{\"n\":2}");
        }
        assertThat(requests).hasSize(3);
        assertThat(requests.get(1)).contains("Idempotency-Key: k1\n");
        assertThat(requests.get(2)).contains("Idempotency-Key: k1\n");
    }

    @Test
    void anAnswerCutShortFailsAndIsNotSentAgain() throws Exception {
        URI uri = serve(1, i -> "HTTP/1.1 201 Created\r\nContent-Length: 50\r\n\r\n{\"order_id\":");
        try (PlainHttp http = new PlainHttp(uri)) {
            assertThatThrownBy(() -> http.postJson("{}", null, null)).isInstanceOf(IOException.class);
        }
        assertThat(requests).hasSize(1);
    }
}

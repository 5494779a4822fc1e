package io.eventstream.orders.board;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.FollowableLog;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.common.testing.TestTokens;
import io.eventstream.orders.DependencyProperties;
import io.eventstream.orders.ReadModelDatabase;
import io.eventstream.orders.board.Sse.SseEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The board's API over a real socket: the server-sent events fed by one GetEventsStream
 * (follow) from a gRPC event store, resumed by Last-Event-ID and after the store's stream
 * breaks; the recent orders and counts from a real read model database; the page itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "eventstream.board.retry=200ms")
class BoardApiTest {

    static final String STREAM = TestInfra.uniqueStreamName();
    static final FollowableLog STORE = FollowableLog.withTls();
    static final ReadModelDatabase DB = ReadModelDatabase.create();
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DependencyProperties.register(registry, STORE::target, DB, () -> STREAM);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        STORE.close();
        DB.drop();
    }

    @Test
    void browsersGetEachOrderEventLiveAndResumeFromLastEventIdAfterTheStoreStreamBreaks() throws Exception {
        String order = UUID.randomUUID().toString();
        try (Sse first = Sse.open(port, null); Sse second = Sse.open(port, null)) {
            first.awaitComment();
            second.awaitComment();
            long created = STORE.append(STREAM + ".created", order, 1).getPosition();
            STORE.append("OTHER.created", order, 1); // not an order event of this stream
            long debited = STORE.append(STREAM + ".paymentdebited", order, 2).getPosition();

            for (Sse browser : List.of(first, second)) {
                SseEvent one = browser.next();
                assertThat(one.id()).isEqualTo(Long.toString(created));
                assertThat(one.name()).isEqualTo("order");
                assertThat(one.data().get("order_id").stringValue()).isEqualTo(order);
                assertThat(one.data().get("event").stringValue()).isEqualTo("created");
                assertThat(one.data().get("status").stringValue()).isEqualTo("Pending");
                assertThat(one.data().get("version").longValue()).isEqualTo(1);
                SseEvent two = browser.next();
                assertThat(two.id()).isEqualTo(Long.toString(debited));
                assertThat(two.data().get("status").stringValue()).isEqualTo("PaymentDebited");
            }
            assertThat(STORE.streamsOpened()).as("one upstream stream for every browser").isEqualTo(1);

            // The store's stream breaks: the feed opens it again after the last position it saw.
            STORE.breakStreams();
            awaitStreams(2);
            long approved = STORE.append(STREAM + ".approved", order, 3).getPosition();
            assertThat(first.next().data().get("status").stringValue()).isEqualTo("Approved");
            assertThat(STORE.requestedPositions()).containsExactly(0L, debited);

            // A browser that lost its connection after the created event gets the rest, once each.
            try (Sse again = Sse.open(port, Long.toString(created))) {
                assertThat(again.next().id()).isEqualTo(Long.toString(debited));
                assertThat(again.next().id()).isEqualTo(Long.toString(approved));
                assertThat(again.poll(300)).isNull();
            }
        }
    }

    @Test
    void aBadLastEventIdIsA400Problem() throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(uri("/api/board/events"))
                .header("Authorization", "Bearer " + TestTokens.operator())
                .header("Last-Event-ID", "abc").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
    }

    @Test
    void recentOrdersAreTheNewestFromTheReadModelWithCountsPerStatus() throws Exception {
        Instant now = Instant.now();
        insert("a0000000-0000-0000-0000-000000000001", "c1", "Approved", now.minusSeconds(30), null);
        insert("a0000000-0000-0000-0000-000000000002", "c2", "Rejected", now.minusSeconds(20), "restaurant r9 is closed");
        insert("a0000000-0000-0000-0000-000000000003", "c3", "Pending", now.minusSeconds(10), null);
        insert("a0000000-0000-0000-0000-000000000004", null, "Approved", null, null); // no created event yet

        JsonNode recent = getJson("/api/orders/recent?limit=2");
        assertThat(recent.size()).isEqualTo(2);
        assertThat(recent.get(0).get("order_id").stringValue()).isEqualTo("a0000000-0000-0000-0000-000000000003");
        assertThat(recent.get(0).get("status").stringValue()).isEqualTo("Pending");
        assertThat(recent.get(1).get("reason").stringValue()).isEqualTo("restaurant r9 is closed");
        assertThat(getJson("/api/orders/recent").size()).isEqualTo(3);

        JsonNode counts = getJson("/api/board/counts");
        assertThat(counts.get("Approved").longValue()).isEqualTo(1);
        assertThat(counts.get("Rejected").longValue()).isEqualTo(1);
        assertThat(counts.get("Pending").longValue()).isEqualTo(1);

        for (String bad : List.of("0", "201", "x")) {
            HttpResponse<String> response = get("/api/orders/recent?limit=" + bad);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).get("errors").get(0).get("field").stringValue())
                    .isEqualTo("limit");
        }
    }

    @Test
    void thePageIsServedAtBoard() throws Exception {
        HttpResponse<String> page = get("/board/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/html"));
        assertThat(page.body()).contains("<title>Order board</title>", "board.js");
        assertThat(get("/board/board.js").statusCode()).isEqualTo(200);
        assertThat(get("/board").statusCode()).isEqualTo(302);
    }

    private void awaitStreams(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (STORE.streamsOpened() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(STORE.streamsOpened()).isEqualTo(count);
    }

    private static void insert(String id, String customer, String status, Instant createdOn, String reason) {
        DB.insertOrder(id, customer, status, createdOn, "r1", "12.50", reason);
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TestTokens.operator())
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}

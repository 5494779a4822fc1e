package io.eventstream.querymodel.takeover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.testing.OriginalConsumers;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.common.testing.TestStream;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Our querymodel-worker, shipped settings, where the original's query worker stood: its pull
 * consumer {@code query-model-worker} (filter {@code <stream>.created}, max_waiting 128) has
 * acked the first four of six created orders (published without headers, as the original's
 * store does). Ours takes it over right after that floor: the last two orders are projected,
 * the first four, which the original's read model already holds, are not read again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class QueryModelTakeoverTest {

    private static final TestStream STREAM = TestStream.create();
    private static final OrderEventTypes TYPES = STREAM.types();
    private static final String DATABASE = TestInfra.createDatabase("qm");
    private static final List<String> ORDERS = new ArrayList<>();
    private static final long FLOOR;

    static {
        try {
            for (int i = 0; i < 6; i++) {
                String orderId = UUID.randomUUID().toString();
                ORDERS.add(orderId);
                publish(orderId);
            }
            FLOOR = OriginalConsumers.pull(STREAM.nats(), STREAM.name(), "query-model-worker", TYPES.created(), 4);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Autowired
    DataSource dataSource;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> TestInfra.jdbcUrl(DATABASE));
        registry.add("spring.datasource.username", () -> TestInfra.PG_ADMIN);
        STREAM.register(registry);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        STREAM.close();
        TestInfra.dropDatabase(DATABASE);
    }

    @Test
    void takesOverThePullConsumerRightAfterItsFloor() throws Exception {
        assertThat(FLOOR).isEqualTo(4);
        JdbcClient jdbc = JdbcClient.create(dataSource);

        await().atMost(Duration.ofSeconds(20)).until(() -> rows(jdbc, ORDERS.get(4)) == 1 && rows(jdbc, ORDERS.get(5)) == 1);
        STREAM.awaitAllAcked("query-model-worker");

        for (int i = 0; i < 4; i++) {
            assertThat(rows(jdbc, ORDERS.get(i))).as("order %d, at or below the floor, not read again", i + 1).isZero();
        }
        ConsumerInfo info = STREAM.nats().jetStreamManagement().getConsumerInfo(STREAM.name(), "query-model-worker");
        ConsumerConfiguration ours = info.getConsumerConfiguration();
        assertThat(ours.getFilterSubject()).as("ours reads every event of the stream").isEqualTo(TYPES.allSubjects());
        assertThat(ours.getMaxPullWaiting()).as("no longer the original's 128").isNotEqualTo(128);
        assertThat(ours.getStartSequence()).isEqualTo(5);
        assertThat(OriginalConsumers.find(STREAM.nats(), STREAM.name(), "query-model-worker-takeover")).isEmpty();
        assertThat(STREAM.deadLetters()).isEmpty();

        String later = UUID.randomUUID().toString();
        publish(later);
        await().atMost(Duration.ofSeconds(15)).until(() -> rows(jdbc, later) == 1);
    }

    private static int rows(JdbcClient jdbc, String orderId) {
        return jdbc.sql("SELECT count(*) FROM orders WHERE id = ?").param(orderId).query(Integer.class).single();
    }

    private static void publish(String orderId) throws Exception {
        String body = "{\"order_id\":\"" + orderId + "\",\"customer_id\":\"c1\",\"status\":\"Pending\","
                + "\"created_on\":\"2026-12-04T21:27:05.123456789+01:00\",\"restaurant_id\":\"r1\",\"amount\":21,"
                + "\"order_items\":[{\"code\":\"p1\",\"name\":\"Pizza\",\"unit_price\":10.5,\"quantity\":2}]}";
        STREAM.nats().jetStream().publish(TYPES.created(), body.getBytes(StandardCharsets.UTF_8));
    }
}

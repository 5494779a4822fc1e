package io.eventstream.payment.takeover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventstream.common.testing.OriginalConsumers;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Our payment-worker, with its shipped settings (start-policy after-existing), started where
 * the original's payment-worker stood ({@link OriginalPayments}): it takes the original's
 * consumer over right after its floor, and no order is paid twice, none is left unpaid.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class PaymentTakeoverTest {

    private static final OriginalPayments WORLD = new OriginalPayments();

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        WORLD.register(registry);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        WORLD.close();
    }

    @Test
    void takesOverRightAfterTheFloorAndPaysEveryOrderExactlyOnce() throws Exception {
        assertThat(WORLD.floor).isEqualTo(OriginalPayments.ACKED);
        List<String> orders = WORLD.orders;

        WORLD.assertEveryOrderPaidOnce(jdbc);

        ConsumerConfiguration ours = WORLD.stream.nats().jetStreamManagement()
                .getConsumerInfo(WORLD.stream.name(), "payment-worker").getConsumerConfiguration();
        assertThat(ours.getDeliverSubject()).as("the original's push consumer is gone; ours pulls").isNull();
        assertThat(ours.getDeliverPolicy()).isEqualTo(DeliverPolicy.ByStartSequence);
        assertThat(ours.getStartSequence()).as("right after the floor").isEqualTo(OriginalPayments.ACKED + 1);
        assertThat(OriginalConsumers.find(WORLD.stream.nats(), WORLD.stream.name(), "payment-worker-takeover")).isEmpty();

        assertThat(WORLD.store.aggregateReads()).as("only the orders from the floor to the stream's end are checked")
                .containsExactlyInAnyOrderElementsOf(orders.subList(OriginalPayments.ACKED, orders.size()));

        // Normal running after the takeover: a new order is paid without reading its history.
        String later = java.util.UUID.randomUUID().toString();
        WORLD.stream.nats().jetStream().publish(WORLD.types.created(),
                OriginalPayments.createdBody(later).getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(15)).until(() -> WORLD.debitsOf(later).size() == 1);
        assertThat(WORLD.store.aggregateReads()).doesNotContain(later);
        assertThat(OriginalPayments.walletDebits(jdbc, later)).isEqualTo(1);
    }
}

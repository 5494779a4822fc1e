package io.eventstream.payment.takeover;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.api.DeliverPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The operator asks for every message ({@code start-policy: all}) where the original's
 * payment-worker stood: ours reads the stream from its first message, and still no order the
 * original paid is paid again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class PaymentTakeoverAllTest {

    private static final OriginalPayments WORLD = new OriginalPayments();

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        WORLD.register(registry);
        registry.add("eventstream.consumer.start-policy", () -> "all");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        WORLD.close();
    }

    @Test
    void everyMessageIsReadAgainAndNoOrderIsDebitedTwice() throws Exception {
        WORLD.assertEveryOrderPaidOnce(jdbc);

        assertThat(WORLD.stream.nats().jetStreamManagement().getConsumerInfo(WORLD.stream.name(), "payment-worker")
                .getConsumerConfiguration().getDeliverPolicy()).isEqualTo(DeliverPolicy.All);
        assertThat(WORLD.store.aggregateReads()).as("every order was checked").containsExactlyInAnyOrderElementsOf(WORLD.orders);
    }
}

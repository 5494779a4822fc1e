package io.eventstream.payment.takeover;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.OriginalConsumers;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
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
 * A payment-worker that died in the middle of the takeover, after it had recorded the start in
 * {@code payment-worker-takeover} and removed the original's consumer but before it created its
 * own (the state is made by hand). The next start finishes the takeover from the record: from
 * sequence 5, not from the stream's first message, and still no order is paid twice.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class PaymentTakeoverResumedTest {

    private static final OriginalPayments WORLD = new OriginalPayments();

    static {
        try {
            var jsm = WORLD.stream.nats().jetStreamManagement();
            // What step 1 wrote: ours (by its description), from the floor + 1, messages through 10 checked.
            jsm.addOrUpdateConsumer(WORLD.stream.name(), ConsumerConfiguration.builder().durable("payment-worker-takeover")
                    .description("eventstream consumer; start sequence:5; may be handled through 10")
                    .filterSubject(WORLD.types.created()).ackPolicy(AckPolicy.Explicit)
                    .deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(OriginalPayments.ACKED + 1)
                    .maxDeliver(-1).build());
            jsm.deleteConsumer(WORLD.stream.name(), "payment-worker"); // step 2, then the crash
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

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
    void theNextStartFinishesTheTakeoverFromTheRecord() throws Exception {
        WORLD.assertEveryOrderPaidOnce(jdbc);

        ConsumerConfiguration ours = WORLD.stream.nats().jetStreamManagement()
                .getConsumerInfo(WORLD.stream.name(), "payment-worker").getConsumerConfiguration();
        assertThat(ours.getStartSequence()).isEqualTo(OriginalPayments.ACKED + 1);
        assertThat(OriginalConsumers.find(WORLD.stream.nats(), WORLD.stream.name(), "payment-worker-takeover")).isEmpty();
        assertThat(WORLD.store.aggregateReads()).as("nothing below the floor was read again")
                .doesNotContainAnyElementsOf(WORLD.orders.subList(0, OriginalPayments.ACKED));
    }
}

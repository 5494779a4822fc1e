package io.eventstream.review.takeover;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.api.DeliverPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@code start-policy: all} where the original's review-worker stood: every debit read again, no second approval. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ReviewTakeoverAllTest {

    private static final OriginalReviews WORLD = new OriginalReviews();

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
    void everyDebitIsReadAgainAndNoOrderIsApprovedTwice() throws Exception {
        WORLD.assertEveryOrderApprovedOnce();

        assertThat(WORLD.stream.nats().jetStreamManagement().getConsumerInfo(WORLD.stream.name(), "review-worker")
                .getConsumerConfiguration().getDeliverPolicy()).isEqualTo(DeliverPolicy.All);
        assertThat(WORLD.store.aggregateReads()).containsAll(WORLD.orders);
    }
}

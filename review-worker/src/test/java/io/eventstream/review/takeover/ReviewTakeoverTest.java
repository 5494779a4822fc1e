package io.eventstream.review.takeover;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.OriginalConsumers;
import io.nats.client.api.ConsumerConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Our review-worker, shipped settings, where the original's stood ({@link OriginalReviews}): it
 * takes the original's push consumer over right after its floor and approves every order once.
 * It needs no history check of its own for that: a verdict is appended at the version it was
 * taken on, so an order the original approved is seen settled and left alone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ReviewTakeoverTest {

    private static final OriginalReviews WORLD = new OriginalReviews();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        WORLD.register(registry);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        WORLD.close();
    }

    @Test
    void takesOverRightAfterTheFloorAndApprovesEveryOrderOnce() throws Exception {
        assertThat(WORLD.floor).isEqualTo(OriginalReviews.ACKED);

        WORLD.assertEveryOrderApprovedOnce();

        ConsumerConfiguration ours = WORLD.stream.nats().jetStreamManagement()
                .getConsumerInfo(WORLD.stream.name(), "review-worker").getConsumerConfiguration();
        assertThat(ours.getDeliverSubject()).isNull();
        assertThat(ours.getStartSequence()).isEqualTo(OriginalReviews.ACKED + 1);
        assertThat(OriginalConsumers.find(WORLD.stream.nats(), WORLD.stream.name(), "review-worker-takeover")).isEmpty();
        assertThat(WORLD.store.aggregateReads()).as("orders at or below the floor were not even read")
                .doesNotContainAnyElementsOf(WORLD.orders.subList(0, OriginalReviews.ACKED));
    }
}

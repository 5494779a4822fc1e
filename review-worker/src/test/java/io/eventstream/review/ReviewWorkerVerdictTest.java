package io.eventstream.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.testing.AppendedEvents;
import io.eventstream.proto.eventstore.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The review worker's verdicts: a paid order is approved once with empty data; a closed restaurant
 * and an amount above the limit are rejected with the reason; an order with a cancel request is left
 * alone; a debit that carries the order is judged from it, and a verdict refused because a cancel got
 * in after the debit appends nothing; a burst of payments is reviewed in batches, each order once.
 */
class ReviewWorkerVerdictTest extends ReviewWorkerFixture {

    @Test
    void aPaidOrderIsApprovedOnceWithEmptyData() throws Exception {
        String orderId = UUID.randomUUID().toString();
        String paymentId = UUID.randomUUID().toString();
        publishPayment(paymentId, orderId, paymentJson(orderId));

        Event approved = awaitApprovalOf(orderId);
        AppendedEvents.assertAnswer(approved, types, "approved", orderId, paymentId);
        assertThat(approved.getEventData()).isEmpty();
        awaitAllAcked();
        assertThat(approvalsOf(orderId)).hasSize(1);
    }

    @Test
    void anOrderOfAClosedRestaurantIsRejectedWithTheReason() throws Exception {
        String orderId = UUID.randomUUID().toString();
        putCreated(orderId, "r-closed", "20");
        publishPayment(UUID.randomUUID().toString(), orderId, paymentJson(orderId));

        awaitRejectionOf(orderId);
        assertThat(rejectionsOf(orderId)).singleElement().satisfies(e -> assertThat(e.getEventData())
                .isEqualTo("{\"OrderID\":\"" + orderId + "\",\"Reason\":\"restaurant r-closed is closed\"}"));
        assertThat(approvalsOf(orderId)).isEmpty();
    }

    @Test
    void anOrderAboveTheReviewLimitIsRejected() throws Exception {
        String orderId = UUID.randomUUID().toString();
        putCreated(orderId, "r1", "500.01");
        publishPayment(UUID.randomUUID().toString(), orderId, paymentJson(orderId));

        assertThat(awaitRejectionOf(orderId).getEventData()).contains("amount 500.01 is above the review limit 500");
    }

    @Test
    void anOrderTheCustomerAskedToCancelIsNeitherApprovedNorRejected() throws Exception {
        String orderId = UUID.randomUUID().toString();
        putCreated(orderId, "r1", "20");
        putCancelRequested(orderId);
        publishPayment(UUID.randomUUID().toString(), orderId, paymentJson(orderId));

        awaitAllAcked();
        assertThat(approvalsOf(orderId)).isEmpty();
        assertThat(rejectionsOf(orderId)).isEmpty();
    }

    @Test
    void aDebitThatCarriesTheOrderIsJudgedFromItAndAppendedAfterIt() throws Exception {
        String orderId = UUID.randomUUID().toString();
        putCreated(orderId, "r-closed", "20");
        Event debit = putDebited(orderId, "r-closed");
        publishPayment(UUID.randomUUID().toString(), debit.getEventId(), orderId, debit.getEventData());

        awaitRejectionOf(orderId);
        assertThat(rejectionsOf(orderId)).singleElement().satisfies(e -> {
            assertThat(e.getEventData()).contains("restaurant r-closed is closed");
            assertThat(e.getVersion()).isEqualTo(3);
        });
    }

    @Test
    void aCancelThatGotInAfterTheDebitStopsTheVerdictTakenFromTheDebit() throws Exception {
        String orderId = UUID.randomUUID().toString();
        putCreated(orderId, "r1", "20");
        Event debit = putDebited(orderId, "r1");
        putCancelRequested(orderId);
        int callsBefore = store.createCalls();
        publishPayment(UUID.randomUUID().toString(), debit.getEventId(), orderId, debit.getEventData());

        awaitAllAcked();
        // The approval at version 2 was refused (the store is at 3); the history shows the cancel.
        assertThat(store.createCalls()).isEqualTo(callsBefore + 1);
        assertThat(approvalsOf(orderId)).isEmpty();
        assertThat(rejectionsOf(orderId)).isEmpty();
    }

    @Test
    void aBurstOfPaymentsIsReviewedInBatchesEachOrderOnce() throws Exception {
        // Rejected every third order: a batch appends both kinds of verdict at once.
        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String orderId = UUID.randomUUID().toString();
            orderIds.add(orderId);
            String restaurant = i % 3 == 0 ? "r-closed" : "r1";
            putCreated(orderId, restaurant, "20");
            Event debit = putDebited(orderId, restaurant);
            publishPayment(UUID.randomUUID().toString(), debit.getEventId(), orderId, debit.getEventData());
        }

        awaitAllAcked();
        for (int i = 0; i < orderIds.size(); i++) {
            String orderId = orderIds.get(i);
            assertThat(approvalsOf(orderId)).as(orderId).hasSize(i % 3 == 0 ? 0 : 1);
            assertThat(rejectionsOf(orderId)).as(orderId).hasSize(i % 3 == 0 ? 1 : 0);
        }
        // max-batch is on (application.yml): what arrived while a batch ran went in the next one.
        assertThat(meters.get("eventstream.consumer.batch.size").tag("consumer", "review-worker").summary().count())
                .isPositive();
    }
}

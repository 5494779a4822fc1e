package io.eventstream.saga.process;

import static io.eventstream.saga.process.Command.Type.CANCEL;
import static io.eventstream.saga.process.Command.Type.REJECT;
import static io.eventstream.saga.process.Command.Type.REQUEST_CANCEL;
import static io.eventstream.saga.process.Command.Type.REQUEST_REFUND;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.saga.process.Step.Kind;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The saga's rules, one business rule per test. */
class OrderProcessTest {

    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Instant SOON = T0.plusSeconds(1);

    @Test
    void aPaidAndApprovedOrderNeedsNothing() {
        Steps p = history(Kind.CREATED, Kind.PAYMENT_DEBITED, Kind.APPROVED);
        assertThat(p.next(T0.plusSeconds(3600))).isEmpty();
        assertThat(p.state()).isEqualTo(SagaState.APPROVED);
    }

    @Test
    void aFailedPaymentRejectsTheOrderWithThePaymentsReason() {
        Steps p = history(Kind.CREATED, Kind.PAYMENT_FAILED);
        assertThat(p.next(SOON)).contains(new Command(REJECT, "reason of paymentfailed"));
    }

    @Test
    void aReviewRejectionAfterADebitFirstRefundsThenRejects() {
        assertThat(history(Kind.CREATED, Kind.PAYMENT_DEBITED, Kind.REVIEW_REJECTED).next(SOON))
                .contains(new Command(REQUEST_REFUND, "reason of reviewrejected"));
        assertThat(history(Kind.CREATED, Kind.PAYMENT_DEBITED, Kind.REVIEW_REJECTED, Kind.REFUND_REQUESTED).next(SOON))
                .as("waits for the refund").isEmpty();
        assertThat(history(Kind.CREATED, Kind.PAYMENT_DEBITED, Kind.REVIEW_REJECTED, Kind.REFUND_REQUESTED,
                Kind.PAYMENT_REFUNDED).next(SOON)).contains(new Command(REJECT, "reason of reviewrejected"));
    }

    @Test
    void aCancelBeforeTheDebitCancelsAtOnce() {
        Steps p = history(Kind.CREATED, Kind.CANCEL_REQUESTED);
        assertThat(p.next(SOON)).contains(new Command(CANCEL, "reason of cancelrequested"));
        assertThat(p.state()).isEqualTo(SagaState.COMPENSATING);
    }

    @Test
    void aCancelAfterTheDebitRefundsThenCancels() {
        assertThat(history(Kind.CREATED, Kind.PAYMENT_DEBITED, Kind.CANCEL_REQUESTED).next(SOON))
                .contains(new Command(REQUEST_REFUND, "reason of cancelrequested"));
        assertThat(history(Kind.CREATED, Kind.PAYMENT_DEBITED, Kind.CANCEL_REQUESTED, Kind.REFUND_REQUESTED,
                Kind.PAYMENT_REFUNDED).next(SOON)).contains(new Command(CANCEL, "reason of cancelrequested"));
    }

    @Test
    void theFirstCauseDecidesTheOutcome() {
        assertThat(history(Kind.CREATED, Kind.CANCEL_REQUESTED, Kind.PAYMENT_FAILED).next(SOON))
                .contains(new Command(CANCEL, "reason of cancelrequested"));
    }

    @Test
    void anOrderPastItsDeadlineIsCancelled() {
        Steps p = history(Kind.CREATED, Kind.PAYMENT_DEBITED);
        assertThat(p.next(T0.plusSeconds(29))).isEmpty();
        assertThat(p.deadlineAt()).contains(T0.plus(DEADLINE));
        assertThat(p.next(T0.plus(DEADLINE))).contains(new Command(REQUEST_CANCEL, "not completed within 30 s"));
    }

    @Test
    void theDeadlineNoLongerAppliesOnceACauseIsKnown() {
        Steps p = history(Kind.CREATED, Kind.PAYMENT_DEBITED, Kind.REVIEW_REJECTED, Kind.REFUND_REQUESTED);
        assertThat(p.awaitingDeadline()).isFalse();
        assertThat(p.next(T0.plusSeconds(3600))).as("the refund is under way; the order ends when it is done").isEmpty();
    }

    @Test
    void aLateDebitAfterACancellationIsRefundedAndTheOrderStaysCancelled() {
        Steps p = history(Kind.CREATED, Kind.CANCEL_REQUESTED, Kind.CANCELLED, Kind.PAYMENT_DEBITED);
        assertThat(p.next(SOON)).contains(new Command(REQUEST_REFUND, "the payment came after the order was cancelled"));
        assertThat(p.state()).isEqualTo(SagaState.CANCELLED);
        assertThat(history(Kind.CREATED, Kind.CANCEL_REQUESTED, Kind.CANCELLED, Kind.PAYMENT_DEBITED,
                Kind.REFUND_REQUESTED, Kind.PAYMENT_REFUNDED).next(SOON)).isEmpty();
    }

    @Test
    void anyOtherLateEventAfterATerminalStateChangesNothing() {
        assertThat(history(Kind.CREATED, Kind.CANCEL_REQUESTED, Kind.CANCELLED, Kind.PAYMENT_FAILED).next(SOON)).isEmpty();
        assertThat(history(Kind.CREATED, Kind.PAYMENT_FAILED, Kind.REJECTED, Kind.CANCEL_REQUESTED).next(SOON)).isEmpty();
    }

    @Test
    void theHistoryDecidesWhateverOrderTheEventsWereReadIn() {
        List<Step> steps = new ArrayList<>(history(Kind.CREATED, Kind.PAYMENT_DEBITED, Kind.REVIEW_REJECTED,
                Kind.REFUND_REQUESTED, Kind.PAYMENT_REFUNDED).steps);
        Collections.reverse(steps);
        assertThat(OrderProcess.of("o1", steps, DEADLINE).next(SOON))
                .contains(new Command(REJECT, "reason of reviewrejected"));
    }

    @Test
    void anUnknownOrderNeedsNothingAndHasNoDeadline() {
        OrderProcess p = OrderProcess.of("o1", List.of(), DEADLINE);
        assertThat(p.next(T0.plusSeconds(3600))).isEmpty();
        assertThat(p.awaitingDeadline()).isFalse();
    }

    /** A history of the given kinds at versions 1, 2, 3...; each reason names its event. */
    private static Steps history(Kind... kinds) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < kinds.length; i++) {
            steps.add(new Step(kinds[i], i + 1, "reason of " + kinds[i].suffix(), "c1", new BigDecimal("21"),
                    T0.plusMillis(i)));
        }
        return new Steps(steps);
    }

    private record Steps(List<Step> steps) {
        Optional<Command> next(Instant now) {
            return process().next(now);
        }

        OrderProcess process() {
            return OrderProcess.of("o1", steps, DEADLINE);
        }

        SagaState state() {
            return process().state();
        }

        boolean awaitingDeadline() {
            return process().awaitingDeadline();
        }

        Optional<Instant> deadlineAt() {
            return process().deadlineAt();
        }
    }
}

package io.eventstream.review.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventstream.common.consumer.BatchScope;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When the review judges from the payment event alone and when it reads the order's history. */
class ReviewServiceTest {

    private final Events events = new Events();
    private final ReviewService reviews = new ReviewService(new ReviewRules(Set.of("r-closed"), new BigDecimal("100")),
            events);

    @Test
    void aDebitRightAfterTheCreatedEventIsJudgedFromTheEventWithoutReading() {
        Optional<Verdict> verdict = reviews.review(new PaidOrder("o1", 2, "r-closed", new BigDecimal("20")), "p1");

        assertThat(verdict).contains(Verdict.reject("restaurant r-closed is closed"));
        assertThat(events.loads).isZero();
        assertThat(events.recordedAt).containsExactly(2L);
    }

    @Test
    void aVerdictRefusedBecauseTheOrderMovedOnIsTakenAgainOnTheHistory() {
        events.current = new OrderUnderReview("o1", "r1", new BigDecimal("20"), false, 3);
        events.refuseBelow = 3;

        Optional<Verdict> verdict = reviews.review(new PaidOrder("o1", 2, "r1", new BigDecimal("20")), "p1");

        assertThat(verdict).isEmpty();
        assertThat(events.loads).isEqualTo(1);
        assertThat(events.recordedAt).containsExactly(2L);
    }

    @Test
    void aDebitLaterInTheHistoryOrWithoutTheOrdersDataIsJudgedOnTheHistory() {
        events.current = new OrderUnderReview("o1", "r1", new BigDecimal("250.50"), true, 3);
        assertThat(reviews.review(new PaidOrder("o1", 3, "r1", new BigDecimal("250.50")), "p1"))
                .contains(Verdict.reject("amount 250.5 is above the review limit 100"));
        assertThat(reviews.review(new PaidOrder("o1", 2, null, new BigDecimal("250.50")), "p1")).isPresent();
        assertThat(reviews.review(new PaidOrder("o1"), "p1")).isPresent();
        assertThat(events.loads).isEqualTo(3);
        assertThat(events.recordedAt).containsExactly(3L, 3L, 3L);
    }

    @Test
    void verdictsTakenOnTheDebitAloneAreRecordedTogetherEachAtItsVersionAndAMovedOnOneSaysSo() throws Exception {
        events.movedOn.add("o2");
        Judgement approved = reviews.judge(new PaidOrder("o1", 2, "r1", new BigDecimal("20")));
        Judgement moved = reviews.judge(new PaidOrder("o2", 2, "r-closed", new BigDecimal("20")));

        assertThat(reviews.recordAll(List.of(approved, moved), List.of("p1", "p2"), BatchScope.none()))
                .containsExactly(true, false);
        assertThat(events.recordedAt).containsExactly(2L, 2L);
        assertThat(events.loads).isZero();
        assertThat(moved.reread()).isEqualTo(new Judgement("o2", null, null));
    }

    @Test
    void aJudgementStillWaitingForItsHistoryIsNotRecordedTogether() {
        Judgement unread = reviews.judge(new PaidOrder("o1"));

        assertThatThrownBy(() -> reviews.recordAll(List.of(unread), List.of("p1"), BatchScope.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("o1");
        assertThat(events.recordedAt).isEmpty();
    }

    private static final class Events implements ReviewEvents {

        OrderUnderReview current;
        long refuseBelow;
        final Set<String> movedOn = new HashSet<>();
        int loads;
        final List<Long> recordedAt = new ArrayList<>();

        @Override
        public OrderUnderReview load(String orderId) {
            loads++;
            return current;
        }

        @Override
        public boolean record(OrderUnderReview order, Verdict verdict, String causationId) {
            recordedAt.add(order.version());
            return order.version() >= refuseBelow && !movedOn.contains(order.orderId());
        }

        @Override
        public List<Boolean> recordAll(List<VerdictToRecord> verdicts, BatchScope scope) {
            return verdicts.stream().map(v -> record(v.order(), v.verdict(), v.causationId())).toList();
        }
    }
}

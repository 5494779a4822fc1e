package io.eventstream.loadtool.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.loadtool.stats.Timeline;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrderBookTest {

    private final OrderBook book = new OrderBook(new Timeline(0), Set.of("approved", "rejected"), true);

    @Test
    void anOrderCompletesWhenTheReadModelShowsItsEndAfterTheEndEventArrived() {
        book.posted("o1", 1_000_000, 6_000_000, BigDecimal.TEN, 1);
        assertThat(book.awaitingReadModel(10)).isEmpty();
        book.event("o1", "e1", "ORDERS.created", 0, 7_000_000, 0);
        book.event("o1", "e3", "ORDERS.approved", 0, 90_000_000, 0);
        assertThat(book.awaitingReadModel(10)).containsExactly("o1");
        book.readModelEnded("o1", 101_000_000);
        assertThat(book.completed.get()).isEqualTo(1);
        assertThat(book.awaitingReadModel(10)).isEmpty();
        OrderTrack t = book.postedOrders().get(0);
        assertThat(t.postLatencyMicros()).isEqualTo(5_000);
        assertThat(t.endToEndMicros()).isEqualTo(100_000);
        book.readModelEnded("o1", 200_000_000); // a later poll changes nothing
        assertThat(book.completed.get()).isEqualTo(1);
    }

    @Test
    void anEndEventThatArrivesBeforeThePostAnswerStillCounts() {
        book.event("o2", "e3", "ORDERS.rejected", 0, 5_000_000, 0);
        assertThat(book.awaitingReadModel(10)).isEmpty(); // not ours yet
        book.posted("o2", 1_000_000, 6_000_000, BigDecimal.ONE, 1);
        assertThat(book.awaitingReadModel(10)).containsExactly("o2");
    }

    @Test
    void anEndEventThatArrivesWhileThePostAnswerIsRecordedCompletesTheOrderOnce() throws Exception {
        Thread post;
        // The POST's thread stops at the timeline, after marking the order posted and before it
        // looks for the order's end: the window in which the stream's end event came on a slow VM.
        synchronized (book.timeline) {
            post = new Thread(() -> book.posted("o5", 0, 1, BigDecimal.ONE, 1));
            post.start();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (post.getState() != Thread.State.BLOCKED && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(post.getState()).isEqualTo(Thread.State.BLOCKED);
            book.event("o5", "e3", "ORDERS.approved", 0, 2, 0);
            assertThat(book.awaitingReadModel(10)).containsExactly("o5");
            book.readModelEnded("o5", 3);
        }
        post.join(5000);
        assertThat(book.awaitingReadModel(10)).as("not put on the list a second time").isEmpty();
        book.readModelEnded("o5", 4);
        assertThat(book.completed.get()).isEqualTo(1);
        assertThat(book.postedOrders().get(0).readModelNanos).isEqualTo(3);
    }

    @Test
    void aRedeliveredEventIsADuplicateAndNotASecondEnd() {
        book.posted("o3", 0, 1, BigDecimal.ONE, 1);
        book.event("o3", "e3", "ORDERS.approved", 0, 2, 0);
        book.event("o3", "e3", "ORDERS.approved", 0, 3, 0);
        assertThat(book.streamDuplicates.get()).isEqualTo(1);
        assertThat(book.terminalSeen.get()).isEqualTo(1);
    }

    @Test
    void measuresCommitToArrivalFromTheEventsCreatedAt() {
        book.event("o4", "e1", "ORDERS.created", 1_000_000, 0, 1_012_500);
        book.event("o4", "e2", "ORDERS.paymentdebited", 0, 0, 5_000_000); // no created_at: not measured
        assertThat(book.commitToConsumerMicros.count()).isEqualTo(1);
        assertThat(book.commitToConsumerMicros.percentiles().maxMs()).isEqualTo(12.5); // 12,500 µs: exact to 0.1 %
    }

    @Test
    void onlyConfiguredEventTypesEndAnOrder() {
        assertThat(book.isTerminal("ORDERS.approved")).isTrue();
        assertThat(book.isTerminal("TEST_1.rejected")).isTrue();
        assertThat(book.isTerminal("ORDERS.paymentdebited")).isFalse();
        assertThat(book.isTerminal("approved")).isTrue();
    }

    @Test
    void postedOrdersLeaveOutOtherClientsOrders() {
        book.event("someone-else", "x", "ORDERS.created", 0, 1, 0);
        book.posted("mine", 0, 1, BigDecimal.ONE, 1);
        assertThat(book.postedOrders()).extracting(t -> t.orderId).isEqualTo(List.of("mine"));
    }

    @Test
    void theSteadyRateIsTheMedianSecondBetweenTheFirstAndLastCompletion() {
        // sending for 3 s with nothing completed yet, then completions, then nothing
        List<Timeline.Second> seconds = List.of(sec(0, 0), sec(1, 0), sec(2, 0), sec(3, 20), sec(4, 100), sec(5, 110),
                sec(6, 90), sec(7, 30), sec(8, 0));
        assertThat(OrderLoad.steadyCompletions(seconds)).isEqualTo(100);
        assertThat(OrderLoad.steadyCompletions(List.of(sec(0, 3), sec(1, 7)))).isEqualTo(7);
        assertThat(OrderLoad.steadyCompletions(List.of(sec(0, 0)))).isZero();
        assertThat(OrderLoad.steadyCompletions(List.of())).isZero();
    }

    private static Timeline.Second sec(int s, long completed) {
        return new Timeline.Second(s, 0, completed, 0, 0, 0, 0);
    }
}

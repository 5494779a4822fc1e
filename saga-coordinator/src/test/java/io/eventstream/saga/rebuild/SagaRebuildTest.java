package io.eventstream.saga.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.saga.deadline.DeadlineScanner;
import io.eventstream.saga.eventstore.EventStoreOrderHistory;
import io.eventstream.saga.jdbc.JdbcSagaStore;
import io.eventstream.saga.process.Saga;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The saga's state rebuilt from a log with orders in every saga state, sagadb wiped first (real
 * PostgreSQL, common's gRPC FakeEventStore over a socket, pages of 4 events so that orders
 * straddle pages): then the coordinator's deadline scan, as the running coordinator does it,
 * appends nothing for a finished order and exactly what an unfinished one needs. Part of the log
 * is as the original Go services wrote it (no schema version, its bodies): read the same.
 *
 * <p>The log and its setup are {@link SagaRebuildFixture}; {@code --verify} on a tampered sagadb is
 * {@link SagaCheckTest}, a crashed rebuild resumed {@link SagaRebuildResumeTest}.
 */
class SagaRebuildTest extends SagaRebuildFixture {

    @Test
    void aRebuiltSagaDecidesNothingTwiceAndWhatIsLeftOnce() throws Exception {
        // A sagadb with stale rows: the rebuild throws them away.
        jdbc.update("INSERT INTO saga_orders (order_id, state, awaiting_deadline, deadline_at, last_version)"
                + " VALUES (?, 'Started', true, now() - interval '1 hour', 1)", approvedOurs);
        jdbc.update("INSERT INTO saga_steps (order_id, version, kind, at) VALUES (?, 9, 'created', now())", approvedOurs);
        int eventsBefore = store.events().size();

        SagaRebuild.Result result = rebuild(4).run(false);

        assertThat(result.events()).isEqualTo(eventsBefore);
        assertThat(result.resumed()).isFalse();
        assertThat(states()).containsExactlyInAnyOrder(
                approvedOriginal + " Approved false 3",
                approvedOurs + " Approved false 3",
                paymentFailed + " Rejected false 3",
                cancelledWithRefund + " Cancelled false 6",
                inFlight + " PaymentDebited true 2",
                deadlineCancelled + " Cancelled false 3",
                pastDeadline + " Started true 1",
                causeUndecided + " Compensating true 2",
                lateDebitRefunded + " Cancelled false 6",
                refundUnderWay + " Compensating false 4");
        // The original's order is recorded exactly as the same order written by us today.
        assertThat(steps(approvedOriginal)).isEqualTo(steps(approvedOurs));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM saga_steps", Long.class)).isEqualTo(eventsBefore);
        // --verify: sagadb is what the log implies, row by row and step by step.
        assertThat(check().run()).isEmpty();

        List<String> finished = List.of(approvedOriginal, approvedOurs, paymentFailed, cancelledWithRefund,
                deadlineCancelled, lateDebitRefunded, refundUnderWay, inFlight);
        List<List<String>> finishedEvents = finished.stream().map(this::kinds).toList();

        scanAsTheCoordinatorDoes();

        assertThat(finished.stream().map(this::kinds).toList()).isEqualTo(finishedEvents);
        assertThat(kinds(pastDeadline)).containsExactly("created", "cancelrequested", "cancelled");
        assertThat(kinds(causeUndecided)).containsExactly("created", "paymentfailed", "rejected");
        assertThat(store.events()).hasSize(eventsBefore + 3);
        assertThat(states()).contains(pastDeadline + " Cancelled false 3", causeUndecided + " Rejected false 3",
                inFlight + " PaymentDebited true 2");

        // The coordinator's next scans, and a second rebuild with its scans, decide nothing again.
        scanAsTheCoordinatorDoes();
        assertThat(store.events()).hasSize(eventsBefore + 3);
        rebuild(5).run(false);
        assertThat(check().run()).isEmpty();
        scanAsTheCoordinatorDoes();
        assertThat(store.events()).hasSize(eventsBefore + 3);
    }

    private void scanAsTheCoordinatorDoes() {
        JdbcSagaStore sagaStore = new JdbcSagaStore(jdbc);
        Saga saga = new Saga(new EventStoreOrderHistory(client, TYPES), sagaStore, DEADLINE, Clock.systemUTC());
        DeadlineScanner scanner = new DeadlineScanner(sagaStore, saga, Clock.systemUTC(), 100);
        scanner.scan();
        scanner.scan();
    }

    private List<String> kinds(String orderId) {
        return store.eventsOf(orderId).stream().map(e -> TYPES.shortName(e.getEventType())).toList();
    }
}

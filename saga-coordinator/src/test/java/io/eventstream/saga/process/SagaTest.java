package io.eventstream.saga.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.saga.process.Step.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * When the saga decides from the steps it recorded and when it must read the event store: a
 * gapless history needs no read; an event that arrives before its predecessors, and an append
 * refused because someone else wrote, do.
 */
class SagaTest {

    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final String ORDER = "o1";

    private final EventStore events = new EventStore();
    private final Steps steps = new Steps();
    private final Saga saga = new Saga(events, steps, Duration.ofSeconds(30), Clock.fixed(T0.plusSeconds(1), ZoneOffset.UTC));

    @Test
    void eventsInOrderAreDecidedFromTheRecordedStepsWithoutReadingTheStore() {
        Step created = events.write(Kind.CREATED, null);
        assertThat(saga.advance(ORDER, created, "e1").state()).isEqualTo(SagaState.STARTED);
        Step failed = events.write(Kind.PAYMENT_FAILED, "insufficient funds");

        OrderProcess process = saga.advance(ORDER, failed, "e2");

        assertThat(events.kinds()).containsExactly(Kind.CREATED, Kind.PAYMENT_FAILED, Kind.REJECTED);
        assertThat(process.state()).isEqualTo(SagaState.REJECTED);
        assertThat(process.reason()).isEqualTo("insufficient funds");
        assertThat(events.loads).isZero();
        // Its own event is recorded too: when it arrives, the saga again needs no read.
        assertThat(steps.versions()).containsExactly(1L, 2L, 3L);
        saga.advance(ORDER, events.at(3), "e3");
        assertThat(events.loads).isZero();
        assertThat(events.kinds()).hasSize(3);
    }

    @Test
    void anEventThatArrivesBeforeItsPredecessorsMakesTheSagaReadTheStore() {
        events.write(Kind.CREATED, null);
        events.write(Kind.PAYMENT_DEBITED, null);
        Step rejected = events.write(Kind.REVIEW_REJECTED, "restaurant r7 is closed");

        // Versions 1 and 2 are not recorded: deciding on {3} alone would forget the debit.
        OrderProcess process = saga.advance(ORDER, rejected, "e3");

        assertThat(events.loads).isEqualTo(1);
        assertThat(events.kinds()).containsExactly(Kind.CREATED, Kind.PAYMENT_DEBITED, Kind.REVIEW_REJECTED,
                Kind.REFUND_REQUESTED);
        assertThat(process.state()).isEqualTo(SagaState.COMPENSATING);
        // What it read is recorded: the late predecessors need no read.
        saga.advance(ORDER, events.at(1), "e1");
        saga.advance(ORDER, events.at(2), "e2");
        assertThat(events.loads).isEqualTo(1);
        assertThat(events.kinds()).hasSize(4);
    }

    @Test
    void anAppendRefusedBecauseSomeoneElseWroteMakesTheSagaReadTheStore() {
        saga.advance(ORDER, events.write(Kind.CREATED, null), "e1");
        Step failed = events.write(Kind.PAYMENT_FAILED, "insufficient funds");
        // The customer's cancel got in after the failure; the saga has not received it yet.
        events.write(Kind.CANCEL_REQUESTED, "customer asked");

        OrderProcess process = saga.advance(ORDER, failed, "e2");

        assertThat(events.refused).isEqualTo(1);
        assertThat(events.loads).isEqualTo(1);
        assertThat(events.kinds()).containsExactly(Kind.CREATED, Kind.PAYMENT_FAILED, Kind.CANCEL_REQUESTED,
                Kind.REJECTED);
        assertThat(process.state()).isEqualTo(SagaState.REJECTED);
        assertThat(process.version()).isEqualTo(4);
    }

    @Test
    void anEventOfATypeTheSagaDoesNotKnowKeepsItsPlaceInTheHistory() {
        saga.advance(ORDER, events.write(Kind.CREATED, null), "e1");
        saga.advance(ORDER, events.write(null, null), "e2");
        Step failed = events.write(Kind.PAYMENT_FAILED, "insufficient funds");

        saga.advance(ORDER, failed, "e3");

        assertThat(events.loads).isZero();
        assertThat(events.refused).isZero();
        assertThat(events.kinds()).containsExactly(Kind.CREATED, null, Kind.PAYMENT_FAILED, Kind.REJECTED);
    }

    @Test
    void anEventThatCannotBePlacedIsDecidedOnTheHistoryReadFromTheStore() {
        events.write(Kind.CREATED, null);
        events.write(Kind.PAYMENT_FAILED, "insufficient funds");

        saga.advance(ORDER, null, "e2");

        assertThat(events.loads).isEqualTo(1);
        assertThat(events.kinds()).containsExactly(Kind.CREATED, Kind.PAYMENT_FAILED, Kind.REJECTED);
    }

    @Test
    void theDeadlineDecidesFromTheRecordedStepsAndReadsOnlyWhenTheyHaveAGap() {
        Saga late = new Saga(events, steps, Duration.ofSeconds(30), Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC));
        late.advance(ORDER, events.write(Kind.CREATED, null), "e1");
        assertThat(events.kinds()).containsExactly(Kind.CREATED, Kind.CANCEL_REQUESTED, Kind.CANCELLED);
        assertThat(events.loads).isZero();

        String other = "o2";
        Step created = events.write(other, Kind.CREATED, null);
        steps.record(other, events.write(other, Kind.CANCEL_REQUESTED, "customer asked"));
        // Version 1 of o2 was never recorded: the scan reads the store.
        OrderProcess process = late.advanceAtDeadline(other);
        assertThat(events.loads).isEqualTo(1);
        assertThat(process.state()).isEqualTo(SagaState.CANCELLED);
        assertThat(created.version()).isEqualTo(1);
    }

    @Test
    void gaplessMeansVersionsOneToNEachOnce() {
        assertThat(Saga.isGapless(List.of(step(1), step(2), step(3)))).isTrue();
        assertThat(Saga.isGapless(List.of(step(3), step(1), step(2)))).isTrue();
        assertThat(Saga.isGapless(List.of())).isFalse();
        assertThat(Saga.isGapless(List.of(step(2)))).isFalse();
        assertThat(Saga.isGapless(List.of(step(1), step(3)))).isFalse();
        assertThat(Saga.isGapless(List.of(step(1), step(1)))).isFalse();
    }

    private static Step step(long version) {
        return new Step(Kind.CREATED, version, null, null, null, T0);
    }

    /** The event store's side: versions per order, expected_version checked, reads counted. */
    private static final class EventStore implements OrderHistory {

        final Map<String, List<Step>> orders = new ConcurrentHashMap<>();
        int loads;
        int refused;

        Step write(Kind kind, String reason) {
            return write(ORDER, kind, reason);
        }

        Step write(String orderId, Kind kind, String reason) {
            List<Step> history = orders.computeIfAbsent(orderId, id -> new ArrayList<>());
            Step step = new Step(kind, history.size() + 1, reason, null, null, T0);
            history.add(step);
            return step;
        }

        Step at(long version) {
            return orders.get(ORDER).get((int) version - 1);
        }

        List<Kind> kinds() {
            return orders.get(ORDER).stream().map(Step::kind).toList();
        }

        @Override
        public List<Step> load(String orderId) {
            loads++;
            return List.copyOf(orders.getOrDefault(orderId, List.of()));
        }

        @Override
        public OptionalLong append(String orderId, Command command, long expectedVersion, String causationId) {
            List<Step> history = orders.get(orderId);
            if (history.size() != expectedVersion) {
                refused++;
                return OptionalLong.empty();
            }
            return OptionalLong.of(write(orderId, command.type().kind(), command.reason()).version());
        }
    }

    /** The saga's side (sagadb): steps per order by version, the first record of a version kept. */
    private static final class Steps implements SagaStore {

        final Map<String, Map<Long, Step>> orders = new ConcurrentHashMap<>();

        @Override
        public void save(OrderProcess process) {
        }

        @Override
        public List<String> dueForDeadline(Instant now, int limit) {
            return List.of();
        }

        @Override
        public List<Step> record(String orderId, Step step) {
            orders.computeIfAbsent(orderId, id -> new TreeMap<>()).putIfAbsent(step.version(), step);
            return steps(orderId);
        }

        @Override
        public void replace(String orderId, List<Step> steps) {
            steps.forEach(s -> orders.computeIfAbsent(orderId, id -> new TreeMap<>()).put(s.version(), s));
        }

        @Override
        public List<Step> steps(String orderId) {
            return new ArrayList<>(orders.getOrDefault(orderId, Map.of()).values());
        }

        List<Long> versions() {
            return steps(ORDER).stream().map(Step::version).sorted(Comparator.naturalOrder()).toList();
        }
    }
}

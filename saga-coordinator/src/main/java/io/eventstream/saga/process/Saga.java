package io.eventstream.saga.process;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one order: decides on its history, appends what the rules ask for, and decides again
 * until nothing is left to do now; then saves the state.
 *
 * <p>The history it decides on is the steps recorded in the {@link SagaStore}, not a read of
 * the event store per event: the event that woke the saga is recorded first, and when the
 * recorded versions are 1..n without a gap they are the order's history up to n. Why that is
 * sound: every append is at the version the decision saw ({@code expected_version} n), so if
 * the store holds anything newer the append is refused, and the saga reads the whole history
 * from the event store and decides again; a decision to do nothing on a view that lacks a newer
 * event is made again by whoever handles that event, whose own step is in its view. A gap (an
 * event that came before its predecessors, or events the saga never saw) is the one case where
 * the versions could match while an event in the middle was unseen, so a gap always means
 * reading the event store; what it reads is recorded, so the next event of the order needs no
 * read. Two coordinators (or a redelivery racing a deadline) never write conflicting events:
 * the loser's append is refused and it decides again on the new history.
 */
public class Saga {

    private static final Logger log = LoggerFactory.getLogger(Saga.class);
    /** Most decisions per order and trigger; an order that needs more is retried later. */
    static final int MAX_STEPS = 8;

    private final OrderHistory history;
    private final SagaStore store;
    private final Duration deadline;
    private final Clock clock;

    public Saga(OrderHistory history, SagaStore store, Duration deadline, Clock clock) {
        this.history = history;
        this.store = store;
        this.deadline = deadline;
        this.clock = clock;
    }

    /**
     * Advances the order after one of its events arrived.
     *
     * @param received    the event that woke the saga, as a step; null when it cannot be placed in
     *                    the history (no version): the history is then read from the event store
     * @param causationId the id of that event
     * @return the process as it stands after this step
     */
    public OrderProcess advance(String orderId, Step received, String causationId) {
        List<Step> steps = received == null ? reload(orderId, "an event without version")
                : complete(orderId, store.record(orderId, received));
        return advance(orderId, steps, causationId);
    }

    /** Advances an order whose deadline is due (no event woke it), from the steps recorded for it. */
    public OrderProcess advanceAtDeadline(String orderId) {
        return advance(orderId, complete(orderId, store.steps(orderId)), null);
    }

    private OrderProcess advance(String orderId, List<Step> steps, String causationId) {
        for (int step = 0; step < MAX_STEPS; step++) {
            OrderProcess process = OrderProcess.of(orderId, steps, deadline);
            Optional<Command> next = process.next(clock.instant());
            if (next.isEmpty()) {
                if (!process.isEmpty()) {
                    store.save(process);
                }
                return process;
            }
            Command command = next.get();
            log.info("order {}: {} at version {} ({})", orderId, command.type(), process.version(), command.reason());
            OptionalLong written = history.append(orderId, command, process.version(), causationId);
            if (written.isPresent()) {
                Step appended = new Step(command.type().kind(), written.getAsLong(), command.reason(), null, null,
                        clock.instant());
                steps = complete(orderId, store.record(orderId, appended));
            } else {
                steps = reload(orderId, "the append was refused");
            }
        }
        throw new IllegalStateException("order " + orderId + " kept changing; retried later");
    }

    /** The steps if they are the order's history from version 1 without a gap, else the history read from the store. */
    private List<Step> complete(String orderId, List<Step> steps) {
        return isGapless(steps) ? steps : reload(orderId, "a gap in the recorded steps");
    }

    private List<Step> reload(String orderId, String why) {
        log.debug("order {}: reading the history from the event store ({})", orderId, why);
        List<Step> steps = history.load(orderId);
        if (!steps.isEmpty()) {
            store.replace(orderId, steps);
        }
        return steps;
    }

    /** True when the versions are exactly 1..n (each once): nothing in the middle can be missing. */
    static boolean isGapless(List<Step> steps) {
        if (steps.isEmpty()) {
            return false;
        }
        boolean[] seen = new boolean[steps.size() + 1];
        for (Step s : steps) {
            if (s.version() < 1 || s.version() > steps.size() || seen[(int) s.version()]) {
                return false;
            }
            seen[(int) s.version()] = true;
        }
        return true;
    }
}

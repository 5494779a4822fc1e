package io.eventstream.saga.process;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Drives one order: reads its history, appends what the rules ask for, and reads again
 * until nothing is left to do now; then saves the state. Every append is at the version the
 * decision was taken on, so two coordinators (or a redelivery racing a deadline) never write
 * conflicting events: the loser reads the new history and decides again.
 */
public class Saga {

    private static final int MAX_STEPS = 8;

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
     * @param causationId the event that woke the saga, or null (a deadline)
     * @return the process as it stands after this step
     */
    public OrderProcess advance(String orderId, String causationId) {
        for (int step = 0; step < MAX_STEPS; step++) {
            OrderProcess process = OrderProcess.of(orderId, history.load(orderId), deadline);
            Optional<Command> next = process.next(clock.instant());
            if (next.isEmpty()) {
                if (!process.isEmpty()) {
                    store.save(process);
                }
                return process;
            }
            history.append(orderId, next.get(), process.version(), causationId);
        }
        throw new IllegalStateException("order " + orderId + " kept changing; retried later");
    }
}

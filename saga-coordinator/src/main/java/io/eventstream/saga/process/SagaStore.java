package io.eventstream.saga.process;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the saga keeps, durably (sagadb), each order's process state (for deadlines and for
 * looking) and the order's events it has seen (the steps it decides from).
 */
public interface SagaStore {

    /** Saves what the process says now; an older view (lower version) never overwrites a newer one. */
    void save(OrderProcess process);

    /** Orders still waiting for their deadline whose deadline is at or before {@code now}. */
    List<String> dueForDeadline(Instant now, int limit);

    /**
     * Records one step of the order (a step already recorded at that version is kept) and
     * answers every step recorded for the order, this one included, in any order.
     */
    List<Step> record(String orderId, Step step);

    /** Records steps read from the event store (the truth: they replace what is recorded at their versions). */
    void replace(String orderId, List<Step> steps);

    /** Every step recorded for the order, in any order. */
    List<Step> steps(String orderId);

    /**
     * A batch's round in one transaction: records {@code steps} (per order; a version already
     * recorded is kept), replaces what is recorded at the versions of {@code read} (histories read
     * from the event store), reads every step recorded for the orders of {@code steps}, lets
     * {@code decide} decide on them and saves the processes it settled. {@code decide} only
     * computes: it runs again when the transaction is retried.
     *
     * <p>This default does it statement by statement, without a transaction (for stores where
     * that does not matter, such as the tests' fakes).
     *
     * @param decide given each order of {@code steps} with every step recorded for it, this
     *               one's steps included, in any order
     */
    default Decisions recordAndDecide(Map<String, List<Step>> steps, Map<String, List<Step>> read,
            Function<Map<String, List<Step>>, Decisions> decide) {
        read.forEach((orderId, history) -> {
            if (!history.isEmpty()) {
                replace(orderId, history);
            }
        });
        Map<String, List<Step>> recorded = new HashMap<>();
        steps.forEach((orderId, list) -> list.forEach(step -> recorded.put(orderId, record(orderId, step))));
        Decisions decisions = decide.apply(recorded);
        decisions.toSave().forEach(this::save);
        return decisions;
    }
}

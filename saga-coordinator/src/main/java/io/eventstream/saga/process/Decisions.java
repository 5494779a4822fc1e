package io.eventstream.saga.process;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one round of a batch decided for each of its orders.
 *
 * @param settled  orders with nothing to do now: their state is saved with the round's steps
 * @param commands orders whose history asks for an event: appended after the round commits
 * @param unread   orders whose recorded steps have a gap: their history is read from the event store
 */
public record Decisions(Map<String, OrderProcess> settled, Map<String, Pending> commands, Set<String> unread) {

    /** A command and the process it was decided on (appended at that process's version). */
    public record Pending(OrderProcess process, Command command) {
    }

    /**
     * The states to save, by order id: one lock order for every batch, so two batches writing
     * the same rows wait for each other instead of deadlocking.
     */
    public List<OrderProcess> toSave() {
        return settled.values().stream().filter(p -> !p.isEmpty())
                .sorted(Comparator.comparing(OrderProcess::orderId)).toList();
    }
}

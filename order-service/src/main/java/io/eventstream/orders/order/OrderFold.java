package io.eventstream.orders.order;

import io.eventstream.common.events.OrderEventKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An order as it was: its events folded in version order, up to a version or a point in time.
 * The statuses are the read model's (common's {@link OrderEventKind#status()}), by the same rule: an
 * order's first terminal status (Approved, Rejected, Cancelled) is its status from then on,
 * whatever comes after it (a late debit and its refund), and so is that status's reason.
 */
public final class OrderFold {

    private OrderFold() {
    }

    /** The order after its events up to {@code version} (1 to the last; the caller checks the range). */
    public static Optional<OrderState> upToVersion(String orderId, List<RecordedEvent> history, long version) {
        return fold(orderId, history.stream().filter(e -> e.version() <= version).toList());
    }

    /** The order after the events stored at or before {@code at}; empty when it did not exist yet. */
    public static Optional<OrderState> at(String orderId, List<RecordedEvent> history, Instant at) {
        return fold(orderId, history.stream().filter(e -> e.createdAt() != null && !e.createdAt().isAfter(at)).toList());
    }

    /** The events in version order, folded; empty when there are none. */
    public static Optional<OrderState> fold(String orderId, List<RecordedEvent> events) {
        if (events.isEmpty()) {
            return Optional.empty();
        }
        List<RecordedEvent> ordered = new ArrayList<>(events);
        ordered.sort((a, b) -> Long.compare(a.version(), b.version()));
        Order placed = null;
        String status = null;
        String reason = null;
        boolean terminal = false;
        for (RecordedEvent event : ordered) {
            if (event.order() != null && placed == null) {
                placed = event.order();
            }
            Optional<OrderEventKind> kind = OrderEventKind.ofSuffix(event.name());
            if (kind.isEmpty() || terminal) {
                continue;
            }
            status = kind.get().status();
            terminal = kind.get().terminal();
            if (event.reason() != null) {
                reason = event.reason();
            }
        }
        RecordedEvent last = ordered.get(ordered.size() - 1);
        return Optional.of(new OrderState(orderId, status,
                placed == null ? null : placed.customerId(),
                placed == null ? null : placed.restaurantId(),
                placed == null ? null : placed.createdOn(),
                placed == null ? null : placed.amount(),
                placed == null ? List.of() : placed.items(),
                reason, last.version(), ordered));
    }
}

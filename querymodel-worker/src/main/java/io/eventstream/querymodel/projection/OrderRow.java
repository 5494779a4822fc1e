package io.eventstream.querymodel.projection;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Set;

/**
 * An order's row of the read model, folded in memory: what the SQL of the live worker
 * ({@code ReadModelStatements}: {@code CREATED_CONFLICT}, {@code UPSERT_STATUS}, {@code TALLY_HOURLY})
 * leaves in {@code orders} after the same changes, in the same order. A rebuild folds each page of
 * the log per order with it and writes each order's row once per page instead of once per event
 * (the generation's tables have one writer then). Which rule wins is the SQL's, line for line; the
 * two are compared by {@code PageFoldTest} and by {@code --verify} (which folds with the SQL).
 *
 * @param hourlyPlaced   counted in restaurant_hourly as placed
 * @param hourlyApproved counted there as approved (with its amount)
 */
public record OrderRow(String id, String customerId, String status, OffsetDateTime createdOn, String restaurantId,
        BigDecimal amount, long lastVersion, String reason, boolean hourlyPlaced, boolean hourlyApproved) {

    private static final Set<String> TERMINAL = Set.of(OrderStatus.APPROVED.label(), OrderStatus.REJECTED.label(),
            OrderStatus.CANCELLED.label());

    /** What counting the row in restaurant_hourly adds: placed 0 or 1, approved 0 or 1 (with the amount). */
    public record Tally(int placed, int approved) {
        public boolean any() {
            return placed > 0 || approved > 0;
        }
    }

    /** The row {@code change} leaves when the order has none ({@code INSERT}'s values). */
    public static OrderRow first(OrderChange change) {
        OrderDetails d = change.details();
        if (d != null) {
            return new OrderRow(change.orderId(), d.customerId(), change.status().label(), d.createdOn(),
                    d.restaurantId(), d.amount(), change.version(), null, false, false);
        }
        return new OrderRow(change.orderId(), null, change.status().label(), null, null, null, change.version(),
                change.reason(), false, false);
    }

    /** The row after {@code change} ({@code ON CONFLICT ... DO UPDATE}'s rules). */
    public OrderRow then(OrderChange change) {
        OrderDetails d = change.details();
        if (d != null) {
            // CREATED_CONFLICT: the data always, the status (and reason) only by a higher version.
            boolean newer = change.version() > lastVersion;
            return new OrderRow(id, d.customerId(), newer ? change.status().label() : status, d.createdOn(),
                    d.restaurantId(), d.amount(), Math.max(lastVersion, change.version()), newer ? null : reason,
                    hourlyPlaced, hourlyApproved);
        }
        // UPSERT_STATUS: never over a terminal status; a terminal one whatever its version, others by a higher one.
        if (TERMINAL.contains(status) || !(change.status().terminal() || lastVersion < change.version())) {
            return this;
        }
        return new OrderRow(id, customerId, change.status().label(), createdOn, restaurantId, amount,
                change.version(), change.reason(), hourlyPlaced, hourlyApproved);
    }

    /**
     * TALLY_HOURLY for this row: counted as placed once its created event is applied, as approved
     * once Approved. Returns what to add to its hour; {@link #counted} is the row with the flags set.
     */
    public Tally tally() {
        if (createdOn == null || restaurantId == null) {
            return new Tally(0, 0);
        }
        boolean approvedNow = OrderStatus.APPROVED.label().equals(status);
        if (hourlyPlaced && !(approvedNow && !hourlyApproved)) {
            return new Tally(0, 0);
        }
        return new Tally(hourlyPlaced ? 0 : 1, approvedNow && !hourlyApproved ? 1 : 0);
    }

    /** The row once {@link #tally} is added (the flags TALLY_HOURLY sets). */
    public OrderRow counted() {
        if (!tally().any()) {
            return this;
        }
        return new OrderRow(id, customerId, status, createdOn, restaurantId, amount, lastVersion, reason, true,
                OrderStatus.APPROVED.label().equals(status));
    }
}

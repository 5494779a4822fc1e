package io.eventstream.orders.cancel;

import java.util.List;
import java.util.Optional;

/**
 * Whether an order may still be cancelled, from its event types in version order (short
 * names: "created", "approved"...). Plain rules: an approved, rejected or cancelled order is
 * settled; an order whose payment failed or whose review rejected it is already on its way
 * to Rejected; a second cancel request is the same request.
 */
public final class Cancellation {

    private Cancellation() {
    }

    /** Why the order cannot be cancelled (the status it has or is reaching), or empty when it can. */
    public static Optional<String> refusal(List<String> history) {
        for (String type : history) {
            switch (type) {
                case "approved" -> {
                    return Optional.of("Approved");
                }
                case "rejected", "paymentfailed", "reviewrejected" -> {
                    return Optional.of("Rejected");
                }
                case "cancelled" -> {
                    return Optional.of("Cancelled");
                }
                default -> {
                    // not settled by this event
                }
            }
        }
        return Optional.empty();
    }

    public static boolean alreadyRequested(List<String> history) {
        return history.contains("cancelrequested");
    }
}

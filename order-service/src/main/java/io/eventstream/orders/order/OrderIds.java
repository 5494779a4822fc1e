package io.eventstream.orders.order;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic ids, so that a repeated request finds what the first one stored without a
 * table of its own: the event store's idempotency on event_id does the bookkeeping. (Event ids
 * are common's {@code EventIds}.)
 */
public final class OrderIds {

    private OrderIds() {
    }

    /**
     * The order id for an Idempotency-Key. Scoped to the customer, so two customers whose
     * clients happen to pick the same key still get two orders.
     */
    public static UUID forIdempotencyKey(String customerId, String idempotencyKey) {
        return nameBased("order:" + customerId + ":" + idempotencyKey);
    }

    private static UUID nameBased(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}

package io.eventstream.common.events;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The id of the event an effect writes for an order: {@code UUID.nameUUIDFromBytes("<suffix>:<orderId>")}
 * (a version 3 UUID), the same for every attempt and every writer, so the event store's
 * idempotency on event_id keeps one event per effect and order however often it is written.
 *
 * <p>One function for every writer: order-service's cancel and the saga's deadline cancel both
 * call {@code of(CANCEL_REQUESTED, orderId)}, so the two can never write two cancel requests
 * for one order. Changing this changes the ids of events already stored: a retried effect would
 * then be stored twice. Do not.
 */
public final class EventIds {

    private EventIds() {
    }

    public static String of(OrderEventKind effect, String orderId) {
        if (orderId == null || orderId.isBlank()) {
            throw new IllegalArgumentException("an event id needs the order id");
        }
        return UUID.nameUUIDFromBytes((effect.suffix() + ":" + orderId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}

package io.eventstream.common.events;

/**
 * Causation and correlation, as every writer records them in the event's metadata (and so in
 * the NATS headers {@link EventHeaders#CORRELATION_ID} and {@link EventHeaders#CAUSATION_ID}):
 * the correlation id of every event of an order is the order id; the causation id is the id of
 * the event that made the writer write it (none for the created event, nor for a customer's cancel).
 */
public final class Causation {

    private Causation() {
    }

    /**
     * The id of a received event, as the cause of what is written because of it: the
     * {@code Event-Id} header if the store set it, else the message id (the same id; for a
     * message of the original, which has no headers, the id {@link HeaderlessEvents#eventIdOf}
     * derives), else null.
     */
    public static String causationId(String eventIdHeader, String messageId) {
        if (eventIdHeader != null && !eventIdHeader.isBlank()) {
            return eventIdHeader;
        }
        return messageId == null || messageId.isBlank() ? null : messageId;
    }

    /** Every event of an order is correlated by the order id. */
    public static String correlationId(String orderId) {
        return orderId;
    }
}

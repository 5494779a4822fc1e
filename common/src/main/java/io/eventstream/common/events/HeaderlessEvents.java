package io.eventstream.common.events;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * What a message without our headers says about itself, from its subject and body alone. The
 * original's event store publishes every event with no headers at all (docs/contract.md, "What
 * the original's services send and expect beyond the proto"); its created body carries
 * {@code order_id}, its debit {@code OrderID}, its {@code approved} nothing (0 bytes).
 *
 * <p>The one place every consumer gets this from ({@code consumer.ReceivedEvent} asks it when a
 * header is missing; the order a body names is read there, by {@code consumer.HeaderlessOrderId}),
 * so no worker needs a fallback of its own.
 */
public final class HeaderlessEvents {

    private HeaderlessEvents() {
    }

    /** The kind of the event on {@code subject} ({@code <stream>.<suffix>}); empty for none of ours. */
    public static Optional<OrderEventKind> kindOf(String subject) {
        if (subject == null) {
            return Optional.empty();
        }
        int dot = subject.lastIndexOf('.');
        return dot < 0 ? Optional.empty() : OrderEventKind.ofSuffix(subject.substring(dot + 1));
    }

    /**
     * The id of a message that came without one, the same on every delivery and every
     * re-publication of the same event, so what a handler writes because of it stays idempotent:
     *
     * <ul>
     *   <li>it names an order: {@link EventIds#of} its kind and order, the id our own writers
     *       give that effect ({@code created:<order>}, {@code paymentdebited:<order>}): one such
     *       event per order is what every writer already assumes;</li>
     *   <li>else: a version 3 UUID of {@code "nats:<subject>:<stream sequence>"}, stable for
     *       the redeliveries of that one message (such a message is the original's empty
     *       {@code approved}, which no consumer can act on anyway).</li>
     * </ul>
     */
    public static String eventIdOf(String subject, String orderId, long streamSequence) {
        Optional<OrderEventKind> kind = kindOf(subject);
        if (kind.isPresent() && orderId != null && !orderId.isBlank()) {
            return EventIds.of(kind.get(), orderId);
        }
        return UUID.nameUUIDFromBytes(("nats:" + subject + ":" + streamSequence).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /**
     * The original's {@code approved}: no headers, an approved subject, an empty body. It cannot
     * name its order, and the original's store answers INTERNAL when asked for it, so nothing
     * can find out which order it approved: consumers ack and count it instead of
     * dead-lettering the original's normal traffic.
     */
    public static boolean isUnreadableOriginal(boolean hasHeaders, String subject, byte[] body) {
        return !hasHeaders && kindOf(subject).filter(k -> k == OrderEventKind.APPROVED).isPresent()
                && (body == null || new String(body, StandardCharsets.UTF_8).isBlank());
    }
}

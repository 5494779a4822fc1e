package io.eventstream.common.consumer;

import io.eventstream.common.events.HeaderlessEvents;
import io.eventstream.common.events.MalformedEventException;
import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.events.upcast.EventBodyReader;
import java.util.Optional;

/**
 * The order a message without an {@code Aggregate-Id} header names in its body (the original's
 * store publishes no headers: its created body carries {@code order_id}, its debit {@code OrderID}),
 * read the way every reader reads a body: {@link EventBodyReader}, upcast from the message's
 * {@code Schema-Version} (none: the original's version 1, whose field names match in any casing, as
 * the original's Go readers match them). Here and not in {@link HeaderlessEvents}: the events
 * package may not depend on its upcast package, which depends on it.
 */
final class HeaderlessOrderId {

    private HeaderlessOrderId() {
    }

    /**
     * The order id, or null: for a type that is none of ours, a body that names no order
     * (approved) or one that does not parse. Null and not an exception: the handler reads the body
     * again and a malformed one is poison there, with the reader's reason.
     */
    static String of(String subject, String schemaVersion, byte[] body) {
        Optional<OrderEventKind> kind = HeaderlessEvents.kindOf(subject);
        if (kind.isEmpty() || body == null || body.length == 0) {
            return null;
        }
        try {
            String orderId = EventBodyReader.read(kind.get(), schemaVersion, body).orderId();
            return orderId == null || orderId.isBlank() ? null : orderId;
        } catch (MalformedEventException e) {
            return null;
        }
    }
}

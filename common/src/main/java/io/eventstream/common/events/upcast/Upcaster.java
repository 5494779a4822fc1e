package io.eventstream.common.events.upcast;

import io.eventstream.common.events.OrderEventKind;

/** One step of a body's schema: from version {@link #from()} to the next, for every event type. */
interface Upcaster {

    int from();

    /** The body in version {@code from() + 1}; a body it cannot read is returned as it is. */
    byte[] upcast(OrderEventKind kind, byte[] body);
}

package io.eventstream.common.events;

/**
 * {@code <stream>.approved}: an empty body (0 bytes; the original stores NULL event_data). It
 * names no order: the order is the event's aggregate.
 */
public record Approved() implements OrderEventBody {

    @Override
    public String orderId() {
        return null;
    }
}

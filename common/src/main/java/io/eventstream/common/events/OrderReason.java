package io.eventstream.common.events;

/**
 * The body of the events that carry only a reason (ours): {@code reviewrejected},
 * {@code refundrequested}, {@code cancelrequested}, {@code rejected} and {@code cancelled},
 * all {@code {"OrderID":"…","Reason":"…"}}. One shape, so one record; the event's type says which.
 */
public record OrderReason(String orderId, String reason) implements OrderEventBody {
}

package io.eventstream.common.events;

import java.util.List;
import java.util.Optional;

/**
 * The order event types. An event's type is also the NATS subject it is published on,
 * so the types are the stream name plus a suffix: {@code ORDERS.created} and so on.
 * Tests use their own stream name, which gives them their own subjects.
 */
public record OrderEventTypes(String stream) {

    public static final String AGGREGATE_TYPE = "order";

    public OrderEventTypes {
        if (stream == null || stream.isBlank() || !stream.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("stream name must be letters, digits, '_' or '-': " + stream);
        }
    }

    public String created() {
        return stream + ".created";
    }

    public String paymentDebited() {
        return stream + ".paymentdebited";
    }

    /** The review passed: the order is Approved (terminal). */
    public String approved() {
        return stream + ".approved";
    }

    /** The wallet did not cover the amount; body has the Reason. */
    public String paymentFailed() {
        return stream + ".paymentfailed";
    }

    /** The saga asks the payment worker to give a debit back. */
    public String refundRequested() {
        return stream + ".refundrequested";
    }

    /** The payment worker gave the debit back. */
    public String paymentRefunded() {
        return stream + ".paymentrefunded";
    }

    /** The review rejected the order (closed restaurant, amount above the limit); body has the Reason. */
    public String reviewRejected() {
        return stream + ".reviewrejected";
    }

    /** The customer (or the saga, at the deadline) asked to cancel; body has the Reason. */
    public String cancelRequested() {
        return stream + ".cancelrequested";
    }

    /** The order is Rejected (terminal), after any refund. */
    public String rejected() {
        return stream + ".rejected";
    }

    /** The order is Cancelled (terminal), after any refund. */
    public String cancelled() {
        return stream + ".cancelled";
    }

    /** The type (and subject) of an event of {@code kind}: {@code <stream>.<suffix>}. */
    public String of(OrderEventKind kind) {
        return stream + "." + kind.suffix();
    }

    /** The kind of an event type of this stream; empty for a type that is none of ours. */
    public Optional<OrderEventKind> kindOf(String eventType) {
        if (eventType == null || !eventType.startsWith(stream + ".")) {
            return Optional.empty();
        }
        return OrderEventKind.ofSuffix(eventType.substring(stream.length() + 1));
    }

    /** The wildcard subject of the stream: {@code ORDERS.*}. */
    public String allSubjects() {
        return stream + ".*";
    }

    /** The suffix after the stream name: "created" for {@code ORDERS.created}. */
    public String shortName(String eventType) {
        return eventType.startsWith(stream + ".") ? eventType.substring(stream.length() + 1) : eventType;
    }

    /** Name of the stream that holds messages a consumer gave up on. */
    public String deadLetterStream() {
        return stream + "_DLQ";
    }

    public List<String> knownTypes() {
        return List.of(created(), paymentDebited(), approved(), paymentFailed(), refundRequested(),
                paymentRefunded(), reviewRejected(), cancelRequested(), rejected(), cancelled());
    }
}

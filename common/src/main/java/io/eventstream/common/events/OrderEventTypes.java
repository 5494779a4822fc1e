package io.eventstream.common.events;

import java.util.List;

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

    public String approved() {
        return stream + ".approved";
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
        return List.of(created(), paymentDebited(), approved());
    }
}

package io.eventstream.common.tracing;

import io.nats.client.impl.Headers;

/**
 * What the span of one delivery is made from: the message's subject and headers (the trace
 * context in them) and the event's identity. The consumer's {@code ReceivedEvent} is one; an
 * interface here, so tracing does not depend on the consumer that depends on it.
 */
public interface TracedDelivery {

    String subject();

    Headers headers();

    String eventType();

    String eventId();

    String aggregateId();

    long deliveryCount();
}

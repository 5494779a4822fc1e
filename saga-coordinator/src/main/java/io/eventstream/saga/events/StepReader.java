package io.eventstream.saga.events;

import io.eventstream.common.events.OrderEventBody;
import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.events.upcast.EventBodyReader;
import io.eventstream.saga.process.Step;
import java.time.Instant;

/**
 * An order event as a {@link Step}, the same way whether it was read from the event store or
 * received from NATS (the message body is the event_data byte for byte): the kind from the
 * type, the reason, customer and amount from the body as common reads every body (upcast from its
 * schema version, then decoded: {@code EventBodyReader}). A body that
 * does not parse is poison there (common's {@code MalformedEventException}), as in every worker:
 * the saga records no step it cannot read, rather than a step with its details guessed away.
 */
public final class StepReader {

    private final OrderEventTypes types;

    public StepReader(OrderEventTypes types) {
        this.types = types;
    }

    /** A type the saga does not know gives a step without a kind: it still holds its version. */
    public Step read(String eventType, long version, String schemaVersion, String data, Instant at) {
        Step.Kind kind = Step.Kind.ofSuffix(types.shortName(eventType));
        if (kind == null) {
            return new Step(null, version, null, null, null, at);
        }
        OrderEventKind event = OrderEventKind.ofSuffix(kind.suffix())
                .orElseThrow(() -> new IllegalStateException("no order event " + kind.suffix()));
        OrderEventBody body = EventBodyReader.read(event, schemaVersion, data);
        return new Step(kind, version, body.reason(), body.customerId(), body.amount(), at);
    }
}

package io.eventstream.common.events.upcast;

import io.eventstream.common.events.OrderCreated;
import io.eventstream.common.events.OrderEventBody;
import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.events.PaymentDebited;
import io.eventstream.common.events.json.EventBodies;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The one way every reader reads an event's body (workers, order-service's fold and replay,
 * the read model's projection, the saga): upcast from the version its metadata names
 * ({@link SchemaVersions}) to the current one, step by step, then decoded by common's
 * {@link EventBodies} under the one rule for a body that does not parse. A body already at the
 * current version is decoded as it is, without a copy.
 */
public final class EventBodyReader {

    /** In order of {@link Upcaster#from()}: version n's step is at index n - 1. */
    private static final List<Upcaster> STEPS = List.of(new OriginalBodies());

    private EventBodyReader() {
    }

    /**
     * @param schemaVersion the event's {@link SchemaVersions#KEY} metadata (or NATS header), null when absent
     */
    public static OrderEventBody read(OrderEventKind kind, String schemaVersion, byte[] body) {
        return EventBodies.decode(kind, upcast(kind, schemaVersion, body));
    }

    public static OrderEventBody read(OrderEventKind kind, String schemaVersion, String body) {
        return read(kind, schemaVersion, bytes(body));
    }

    public static OrderCreated created(String schemaVersion, byte[] body) {
        return (OrderCreated) read(OrderEventKind.CREATED, schemaVersion, body);
    }

    public static OrderCreated created(String schemaVersion, String body) {
        return created(schemaVersion, bytes(body));
    }

    public static PaymentDebited paymentDebited(String schemaVersion, byte[] body) {
        return (PaymentDebited) read(OrderEventKind.PAYMENT_DEBITED, schemaVersion, body);
    }

    /** The body in the current version's form (what EventBodies reads), unchanged when it is already. */
    public static byte[] upcast(OrderEventKind kind, String schemaVersion, byte[] body) {
        byte[] data = body == null ? new byte[0] : body;
        for (int version = SchemaVersions.of(kind, schemaVersion); version < SchemaVersions.current(kind); version++) {
            data = STEPS.get(version - 1).upcast(kind, data);
        }
        return data;
    }

    private static byte[] bytes(String body) {
        return body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    }
}

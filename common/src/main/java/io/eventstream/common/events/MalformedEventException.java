package io.eventstream.common.events;

/**
 * An order event whose body does not say what the contract says it says: not JSON, not an
 * object, a field of the wrong type, a required field missing, a duplicated key, or an order
 * id that disagrees with the event's aggregate. The one rule, everywhere a body is read
 * (docs/contract.md, "A body that does not parse"):
 *
 * <p><b>It is poison, never a default.</b> No worker acts on it; the consumer retries it up to
 * its max deliveries and then moves it to the dead-letter stream with this message as the
 * reason. Reading it as null or zero would make a worker act on something it does not know:
 * debit a guessed amount, approve an order whose restaurant it cannot see, record a history
 * with a hole. A dead-lettered message is kept, visible and can be published again once it is
 * understood; an order left waiting by it is cancelled (and any debit refunded) by the saga's
 * deadline. Our own writers encode through the same codec, so only a foreign or broken writer
 * produces one.
 *
 * <p>The durable consumer treats it exactly as a {@code PoisonMessageException}, so that every
 * worker dead-letters it without a catch of its own. It is not one: the event language does not
 * depend on the plumbing that carries it.
 */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}

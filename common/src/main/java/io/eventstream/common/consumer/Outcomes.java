package io.eventstream.common.consumer;

import io.nats.client.Message;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of a message whose handling failed, or that is handed back unhandled:
 *
 * <ul>
 *   <li>any exception is transient: nak with an exponential back-off, retried for ever;
 *       except a {@link PersistentFailure} (the event store's INTERNAL) on the
 *       {@code maxDeliverPersistent}th delivery or later: dead-lettered with its reason;</li>
 *   <li>{@link PoisonMessageException}, and common's {@code MalformedEventException} (a body
 *       that does not parse): retried like the rest until {@code maxDeliver}
 *       deliveries, then dead-lettered ({@link DeadLetters}) and acked; if that fails (the
 *       dead-letter stream is missing, NATS is away) it is naked with the longest back-off and
 *       tried again on its next delivery;</li>
 *   <li>handed back while stopping: nak with a short delay, for another instance.</li>
 * </ul>
 *
 * The server never gives up on a message itself (the consumer's {@code maxDeliver} is -1):
 * redelivery is decided here.
 */
final class Outcomes {

    private static final Logger log = LoggerFactory.getLogger(DurableConsumer.class);
    /** How long a message handed back while stopping waits on the server before it is delivered again. */
    static final Duration HAND_BACK_DELAY = Duration.ofMillis(500);

    private final ConsumerSettings settings;
    private final Backoff backoff;
    private final DeadLetters deadLetters;

    Outcomes(ConsumerSettings settings, DeadLetters deadLetters) {
        this.settings = settings;
        this.backoff = Backoff.of(settings);
        this.deadLetters = deadLetters;
    }

    /**
     * Poison ({@link PoisonMessageException}, or common's {@code MalformedEventException}: a body
     * that does not parse): dead-lettered after maxDeliver deliveries, else back on the server
     * after the back-off.
     */
    void poison(Message msg, ReceivedEvent event, RuntimeException e) {
        if (event.deliveryCount() >= settings.maxDeliver()) {
            if (!deadLetters.send(msg, event, e.getMessage())) {
                nakLater(msg, settings.maxBackoff());
            }
            return;
        }
        log.warn("{}: poison message {} on {} (delivery {} of {}): {}", settings.durableName(),
                event.streamSequence(), event.subject(), event.deliveryCount(), settings.maxDeliver(),
                DeadLetters.headerSafe(e.getMessage()));
        nakLater(msg, backoff.after(event.deliveryCount()));
    }

    /** Whether a poison message on this delivery goes to the dead-letter stream (for the span's tag). */
    boolean deadLetterDue(ReceivedEvent event) {
        return event.deliveryCount() >= settings.maxDeliver();
    }

    /** Whether a {@link PersistentFailure} on this delivery dead-letters the message. */
    boolean persistentDeadLetterDue(ReceivedEvent event) {
        return event.deliveryCount() >= settings.maxDeliverPersistent();
    }

    void failed(Message msg, ReceivedEvent event, Exception e) {
        PersistentFailure persistent = PersistentFailure.in(e);
        if (persistent != null && persistentDeadLetterDue(event)) {
            String reason = persistent.reason() + " on delivery " + event.deliveryCount() + " (max-deliver-persistent "
                    + settings.maxDeliverPersistent() + ")";
            if (!deadLetters.send(msg, event, reason)) {
                nakLater(msg, settings.maxBackoff());
            }
            return;
        }
        Duration delay = backoff.after(event.deliveryCount());
        log.warn("{}: transient failure on {} {} (delivery {}), retrying in {}: {}", settings.durableName(),
                event.subject(), event.streamSequence(), event.deliveryCount(), delay, e.toString());
        nakLater(msg, delay);
    }

    /**
     * A message that arrives while stopping goes back to the server for another instance (or
     * this worker's next start). With a short delay, because until the drain's unsubscribe has
     * reached the server the pull it came in on is still open: a plain nak would have the server
     * send it straight back to us, counting each as a delivery.
     */
    void handBack(Message msg) {
        nakLater(msg, HAND_BACK_DELAY);
    }

    /** A lost nak is fine: the server redelivers after ackWait anyway. */
    private void nakLater(Message msg, Duration delay) {
        try {
            msg.nakWithDelay(delay);
        } catch (RuntimeException e) {
            log.debug("{}: cannot nak (redelivered after ackWait): {}", settings.durableName(), e.toString());
        }
    }
}

package io.eventstream.common.consumer;

/**
 * Handles one event delivered by a {@link DurableConsumer}.
 *
 * <p>Return normally only once the effect is durable: the message is acked right after.
 * Throw {@link PoisonMessageException} when the message can never be handled (it goes to
 * the dead-letter stream); throw anything else for a transient failure (the message is
 * redelivered after a back-off). Handlers must be idempotent: a message can arrive again
 * after a crash, a redelivery or a duplicate publish.
 */
@FunctionalInterface
public interface EventHandler {

    void handle(ReceivedEvent event) throws Exception;
}

package io.eventstream.common.consumer;

import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.MessageConsumer;
import io.nats.client.MessageHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The binding to the durable consumer on the server: creates or updates it, pulls on the
 * consumer's own dispatcher, and, if NATS or the stream is not there at start, keeps trying in
 * the background instead of failing the service (the original's workers died on a failed dial).
 * Several instances bind to the same durable and share its messages.
 *
 * <p>A stop {@link #detach()}es it, {@link #drain}s it and then {@link #close()}s it, in the
 * order {@link DurableConsumer#stop()} gives.
 */
final class Subscription {

    private static final Logger log = LoggerFactory.getLogger(DurableConsumer.class);
    private static final Duration MIN_RESUBSCRIBE_DELAY = Duration.ofMillis(500);
    /**
     * How long one pull waits on the server. The client notices a dead pull (the server was
     * restarted and forgot it) only after three missed idle heartbeats, and the heartbeat is
     * half of this: with jnats' default of 30 s a worker sat idle for 45 s after a NATS restart
     * while its messages waited (the fault suite's restart-nats). 5 s: back within about 8 s,
     * at the cost of one pull request every 5 s from an idle consumer.
     */
    static final Duration PULL_EXPIRES = Duration.ofSeconds(5);

    private final Connection connection;
    private final String stream;
    private final ConsumerSettings settings;
    private final MessageHandler onMessage;
    private final ScheduledExecutorService timers;
    private final TakeoverPoint takeoverPoint;
    private boolean active;
    private int attempts;
    private volatile MessageConsumer messageConsumer;
    /** The consumer's own dispatcher, so a stop can drain it (see {@link #drain}). */
    private volatile Dispatcher dispatcher;
    /** What {@link #detach()} took from the two fields above, for {@link #drain} and {@link #close()}. */
    private MessageConsumer detachedConsumer;
    private Dispatcher detachedDispatcher;

    Subscription(Connection connection, String stream, ConsumerSettings settings, MessageHandler onMessage,
            ScheduledExecutorService timers, TakeoverPoint takeoverPoint) {
        this.connection = connection;
        this.takeoverPoint = takeoverPoint;
        this.stream = stream;
        this.settings = settings;
        this.onMessage = onMessage;
        this.timers = timers;
    }

    /** Tries to bind now; on failure, again after a back-off, until it is bound or detached. */
    synchronized void start() {
        active = true;
        attempts = 0;
        trySubscribe();
    }

    /** True once bound to the server and receiving messages. */
    boolean isSubscribed() {
        return messageConsumer != null;
    }

    private synchronized void trySubscribe() {
        if (!active || messageConsumer != null) {
            return;
        }
        try {
            var streamContext = connection.getStreamContext(stream);
            // A durable of our name that we did not create is taken over first; where ours starts.
            ConsumerStart start = new ConsumerTakeover(connection.jetStreamManagement(), stream, settings).prepare();
            // createOrUpdate: a changed ackWait or maxAckPending reaches the existing durable
            // (both are editable, https://nats-io.github.io/nats.js/jetstream/types/ConsumerUpdateConfig.html;
            // DurableConsumerStopTest checks the server applies the new ackWait); the start is
            // the one it was created with, which cannot be updated.
            var consumerContext = streamContext.createOrUpdateConsumer(
                    ConsumerTakeover.configuration(settings, settings.durableName(), start));
            takeoverPoint.set(start.handledThrough());
            Dispatcher own = connection.createDispatcher();
            try {
                messageConsumer = consumerContext.consume(ConsumeOptions.builder().batchSize(settings.pullBatchSize())
                        .expiresIn(PULL_EXPIRES.toMillis()).build(), own, onMessage);
            } catch (IOException | JetStreamApiException | RuntimeException e) {
                connection.closeDispatcher(own);
                throw e;
            }
            dispatcher = own;
            log.info("consumer {} on {} ({}) started", settings.durableName(), stream, settings.filterSubject());
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            Duration retry = max(MIN_RESUBSCRIBE_DELAY, Backoff.of(settings).after(++attempts));
            log.warn("consumer {} on stream {} cannot start yet (retrying in {}): {}", settings.durableName(), stream,
                    retry, e.toString());
            timers.schedule(this::trySubscribe, retry.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** No more attempts to bind; no longer subscribed. */
    synchronized void detach() {
        active = false;
        detachedConsumer = messageConsumer;
        detachedDispatcher = dispatcher;
        messageConsumer = null;
        dispatcher = null;
    }

    /**
     * Drain, not jnats' MessageConsumer.stop(): that one unsubscribes by itself as the last
     * message of its open pull arrives, and drops that message and any still queued for the
     * dispatcher, which then wait for ackWait (DurableConsumerStopTest saw it). A drain
     * unsubscribes, so the server sends nothing more (it serves a waiting pull only while its
     * reply subject has a subscriber: consumer.nextWaiting in
     * https://github.com/nats-io/nats-server/blob/main/server/consumer.go), and still delivers
     * what it had sent: https://docs.nats.io/developing-with-nats/receiving/drain. Then the
     * MessageConsumer is stopped: no more pulls, and its heartbeat timer stops.
     */
    void drain(Deadline deadline) {
        Dispatcher own = detachedDispatcher;
        try {
            if (own != null && connection.getStatus() == Connection.Status.CONNECTED) {
                own.drain(PULL_EXPIRES).get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("{}: draining: {}", settings.durableName(), e.toString());
        }
        if (detachedConsumer != null) {
            try {
                detachedConsumer.stop();
            } catch (RuntimeException e) {
                log.debug("stopping consumer: {}", e.toString());
            }
        }
    }

    /** Releases the MessageConsumer and the dispatcher, once the handlers are done. */
    void close() {
        if (detachedConsumer != null) {
            try {
                detachedConsumer.close();
            } catch (Exception e) {
                log.debug("closing consumer: {}", e.toString());
            }
        }
        if (detachedDispatcher != null && detachedDispatcher.isActive()) {
            connection.closeDispatcher(detachedDispatcher);
        }
        detachedConsumer = null;
        detachedDispatcher = null;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}

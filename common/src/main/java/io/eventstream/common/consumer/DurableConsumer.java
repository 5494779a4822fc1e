package io.eventstream.common.consumer;

import io.eventstream.common.events.EventHeaders;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A JetStream durable pull consumer that feeds an {@link EventHandler}: the plumbing every
 * worker shares. It acks only after the handler returned, naks transient failures with an
 * exponential back-off (nothing is lost), and moves poison messages to the dead-letter
 * stream {@code <stream>_DLQ} once they failed {@code maxDeliver} times. Several instances
 * of a worker bind to the same durable and share its messages.
 */
public class DurableConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DurableConsumer.class);

    private final Connection connection;
    private final String stream;
    private final ConsumerSettings settings;
    private final EventHandler handler;
    private final Semaphore slots;
    private ExecutorService workers;
    private MessageConsumer messageConsumer;
    private volatile boolean running;

    public DurableConsumer(Connection connection, String stream, ConsumerSettings settings, EventHandler handler) {
        this.connection = connection;
        this.stream = stream;
        this.settings = settings;
        this.handler = handler;
        this.slots = new Semaphore(settings.parallelism());
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        try {
            ensureDeadLetterStream();
            var consumerContext = connection.getStreamContext(stream).createOrUpdateConsumer(consumerConfiguration());
            workers = Executors.newFixedThreadPool(settings.parallelism(), r -> {
                Thread t = new Thread(r, settings.durableName() + "-handler");
                t.setDaemon(true);
                return t;
            });
            messageConsumer = consumerContext.consume(this::dispatch);
            running = true;
            log.info("consumer {} on {} ({}) started", settings.durableName(), stream, settings.filterSubject());
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("cannot start consumer " + settings.durableName() + " on stream "
                    + stream + ": " + e.getMessage(), e);
        }
    }

    ConsumerConfiguration consumerConfiguration() {
        return ConsumerConfiguration.builder()
                .durable(settings.durableName())
                .filterSubject(settings.filterSubject())
                .ackPolicy(AckPolicy.Explicit)
                .deliverPolicy(DeliverPolicy.All)
                .ackWait(settings.ackWait())
                .maxAckPending(settings.maxAckPending())
                // Redelivery is ours to decide (back-off, dead letter): the server never gives up.
                .maxDeliver(-1)
                .build();
    }

    private void dispatch(Message msg) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // not acked: redelivered after AckWait
        }
        try {
            workers.execute(() -> {
                try {
                    handleOne(msg);
                } finally {
                    slots.release();
                }
            });
        } catch (RuntimeException rejected) {
            slots.release(); // shutting down: the message is redelivered after AckWait
        }
    }

    private void handleOne(Message msg) {
        ReceivedEvent event = ReceivedEvent.of(msg);
        try {
            handler.handle(event);
            msg.ack();
        } catch (PoisonMessageException e) {
            if (event.deliveryCount() >= settings.maxDeliver()) {
                deadLetter(msg, event, e.getMessage());
            } else {
                log.warn("{}: poison message {} (delivery {}): {}", settings.durableName(), event.streamSequence(),
                        event.deliveryCount(), e.getMessage());
                msg.nakWithDelay(backoff(event.deliveryCount()));
            }
        } catch (Exception e) {
            log.warn("{}: transient failure on {} (delivery {}), will retry: {}", settings.durableName(),
                    event.streamSequence(), event.deliveryCount(), e.toString());
            msg.nakWithDelay(backoff(event.deliveryCount()));
        }
    }

    Duration backoff(long deliveryCount) {
        long factor = 1L << Math.min(20, Math.max(0, deliveryCount - 1));
        Duration delay = settings.backoff().multipliedBy(factor);
        return delay.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : delay;
    }

    private void deadLetter(Message msg, ReceivedEvent event, String reason) {
        Headers headers = new Headers(msg.getHeaders());
        headers.remove(EventHeaders.MSG_ID);
        headers.put(EventHeaders.DLQ_REASON, reason == null ? "unknown" : reason);
        headers.put(EventHeaders.DLQ_CONSUMER, settings.durableName());
        headers.put(EventHeaders.DLQ_SUBJECT, msg.getSubject());
        headers.put(EventHeaders.DLQ_STREAM_SEQUENCE, Long.toString(event.streamSequence()));
        headers.put(EventHeaders.DLQ_DELIVERIES, Long.toString(event.deliveryCount()));
        try {
            connection.jetStream().publish(NatsMessage.builder()
                    .subject(deadLetterStream() + "." + settings.durableName())
                    .headers(headers)
                    .data(event.data())
                    .build());
            msg.ack();
            log.error("{}: dead-lettered message {} on {}: {}", settings.durableName(), event.streamSequence(),
                    msg.getSubject(), reason);
        } catch (IOException | JetStreamApiException e) {
            log.warn("{}: cannot dead-letter {} yet: {}", settings.durableName(), event.streamSequence(), e.toString());
            msg.nakWithDelay(settings.maxBackoff());
        }
    }

    private String deadLetterStream() {
        return stream + "_DLQ";
    }

    private void ensureDeadLetterStream() throws IOException, JetStreamApiException {
        var jsm = connection.jetStreamManagement();
        if (!jsm.getStreamNames().contains(deadLetterStream())) {
            try {
                jsm.addStream(StreamConfiguration.builder()
                        .name(deadLetterStream())
                        .subjects(deadLetterStream() + ".>")
                        .storageType(StorageType.File)
                        .build());
            } catch (JetStreamApiException e) {
                // Another instance created it first: fine.
                if (!jsm.getStreamNames().contains(deadLetterStream())) {
                    throw e;
                }
            }
        }
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        try {
            messageConsumer.stop();
        } catch (Exception e) {
            log.debug("stopping consumer: {}", e.toString());
        }
        workers.shutdown();
        try {
            // In-flight handlers finish and ack; anything later is redelivered to another instance.
            if (!workers.awaitTermination(20, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("consumer {} stopped", settings.durableName());
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}

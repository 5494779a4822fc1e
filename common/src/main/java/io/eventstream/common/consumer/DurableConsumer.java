package io.eventstream.common.consumer;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.MalformedEventException;
import io.eventstream.common.tracing.ConsumeSpan;
import io.eventstream.common.tracing.EventTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.Dispatcher;
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
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A JetStream durable pull consumer that feeds an {@link EventHandler}: the plumbing every
 * worker shares.
 *
 * <ul>
 *   <li>Acks only after the handler returned; while it runs, tells the server every
 *       ackWait/3 that the message is in progress, so slow handling never triggers a
 *       redelivery (the original wrote several approvals per order that way).</li>
 *   <li>Any exception is transient: nak with an exponential back-off, retried for ever.</li>
 *   <li>{@link PoisonMessageException}, and {@link MalformedEventException} (a body that does not
 *       parse, common's one rule): retried like the rest until {@code maxDeliver}
 *       deliveries, then published to the dead-letter stream {@code <stream>_DLQ} (subject
 *       {@code <stream>_DLQ.<durable>}, reason in headers) and acked.</li>
 *   <li>Several instances bind to the same durable and share its messages.</li>
 *   <li>Stop (SIGTERM) pulls no more, hands back at once what it holds but has not started,
 *       drains its subscription (what the server had already sent is handed back too) and
 *       lets in-flight handlers finish and ack: nothing of a stopped instance waits for
 *       ackWait.</li>
 *   <li>If NATS or the stream is not there at start, it keeps trying in the background
 *       instead of failing the service (the original's workers died on a failed dial).</li>
 *   <li>With a {@link BatchEventHandler} and {@code maxBatch > 1}, each of {@code parallelism}
 *       threads takes what has arrived (up to {@code maxBatch} messages) and hands it over in
 *       one call, then acks it all; a batch that fails is handled again one message at a time,
 *       so every message still gets its own exact outcome (see {@link BatchEventHandler}).</li>
 * </ul>
 *
 * <p>Meters (when a {@link MeterRegistry} is given), tagged {@code consumer=<durable>}:
 * {@code eventstream.consumer.processed|failed|redelivered|dead.lettered} and the timer
 * {@code eventstream.consumer.handling} (tag {@code outcome=success|failure}).
 *
 * <p>Tracing (when an {@link EventTracing} is set, which Spring does for every bean): each
 * delivery runs in a {@code consume <subject>} span, a child of the trace context in the
 * message's headers, so what the handler calls joins the trace of the event.
 */
public class DurableConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DurableConsumer.class);
    private static final Duration MIN_RESUBSCRIBE_DELAY = Duration.ofMillis(500);
    private static final int MAX_REASON_LENGTH = 1000;
    /**
     * How long one pull waits on the server. The client notices a dead pull (the server was
     * restarted and forgot it) only after three missed idle heartbeats, and the heartbeat is
     * half of this: with jnats' default of 30 s a worker sat idle for 45 s after a NATS restart
     * while its messages waited (the fault suite's restart-nats). 5 s: back within about 8 s,
     * at the cost of one pull request every 5 s from an idle consumer.
     */
    static final Duration PULL_EXPIRES = Duration.ofSeconds(5);
    /** How long a message handed back while stopping waits on the server before it is delivered again. */
    static final Duration HAND_BACK_DELAY = Duration.ofMillis(500);

    private final Connection connection;
    private final String stream;
    private final ConsumerSettings settings;
    private final EventHandler handler;
    private final Semaphore slots;
    /** Messages being handled now: one timer task tells the server about all of them. */
    private final Set<Message> inFlight = ConcurrentHashMap.newKeySet();
    /** In batch mode: messages received and not yet taken by a batch. */
    private final BlockingQueue<Message> waiting = new LinkedBlockingQueue<>();
    private final boolean batches;
    private volatile ConsumerMetrics metrics;
    private volatile EventTracing tracing = EventTracing.noop();
    private volatile Duration stopTimeout = Duration.ofSeconds(25);
    private ExecutorService workers;
    private ScheduledExecutorService timers;
    private volatile MessageConsumer messageConsumer;
    /** The consumer's own dispatcher, so a stop can drain it (see {@link #stop()}). */
    private volatile Dispatcher dispatcher;
    private volatile boolean running;
    private int subscribeAttempts;

    public DurableConsumer(Connection connection, String stream, ConsumerSettings settings, EventHandler handler) {
        this(connection, stream, settings, handler, null);
    }

    public DurableConsumer(Connection connection, String stream, ConsumerSettings settings, EventHandler handler,
            MeterRegistry meterRegistry) {
        this.connection = connection;
        this.stream = stream;
        this.settings = settings;
        this.handler = handler;
        this.batches = handler instanceof BatchEventHandler && settings.maxBatch() > 1;
        // A slot per message received and not yet acked: the consumer never holds more than its threads take.
        this.slots = new Semaphore(batches ? settings.pullBatchSize() : settings.parallelism());
        this.metrics = new ConsumerMetrics(meterRegistry, settings.durableName());
    }

    /** Registers the meters in this registry; call before {@link #start()}. */
    public void setMeterRegistry(MeterRegistry meterRegistry) {
        this.metrics = new ConsumerMetrics(meterRegistry, settings.durableName());
    }

    /** Continues the trace of each message in a span; call before {@link #start()}. */
    public void setTracing(EventTracing tracing) {
        this.tracing = tracing == null ? EventTracing.noop() : tracing;
    }

    /** How long {@link #stop()} waits for in-flight handlers before interrupting them. */
    public void setStopTimeout(Duration stopTimeout) {
        this.stopTimeout = stopTimeout;
    }

    public ConsumerSettings settings() {
        return settings;
    }

    public String stream() {
        return stream;
    }

    /** True once the consumer is bound to the server and receiving messages. */
    public boolean isSubscribed() {
        return messageConsumer != null;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        AtomicInteger handlerThreads = new AtomicInteger();
        workers = Executors.newFixedThreadPool(settings.parallelism(),
                r -> daemon(r, settings.durableName() + "-handler-" + handlerThreads.incrementAndGet()));
        // Two threads: a slow re-subscribe attempt must not delay the in-progress heartbeats.
        timers = Executors.newScheduledThreadPool(2, r -> daemon(r, settings.durableName() + "-timer"));
        // One task for every in-flight message, instead of scheduling and cancelling one per message.
        long every = Math.max(100, settings.heartbeatInterval().toMillis());
        timers.scheduleAtFixedRate(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
        running = true;
        subscribeAttempts = 0;
        if (batches) {
            for (int i = 0; i < settings.parallelism(); i++) {
                workers.execute(this::takeBatches);
            }
        }
        trySubscribe();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private synchronized void trySubscribe() {
        if (!running || messageConsumer != null) {
            return;
        }
        try {
            // The stream first: no dead-letter stream is made for a stream that does not exist (yet).
            var streamContext = connection.getStreamContext(stream);
            ensureDeadLetterStream();
            // createOrUpdate: a changed ackWait or maxAckPending reaches the existing durable
            // (both are editable, https://nats-io.github.io/nats.js/jetstream/types/ConsumerUpdateConfig.html;
            // DurableConsumerStopTest checks the server applies the new ackWait).
            var consumerContext = streamContext.createOrUpdateConsumer(consumerConfiguration());
            Dispatcher own = connection.createDispatcher();
            try {
                messageConsumer = consumerContext.consume(ConsumeOptions.builder().batchSize(settings.pullBatchSize())
                        .expiresIn(PULL_EXPIRES.toMillis()).build(), own, this::dispatch);
            } catch (IOException | JetStreamApiException | RuntimeException e) {
                connection.closeDispatcher(own);
                throw e;
            }
            dispatcher = own;
            log.info("consumer {} on {} ({}) started", settings.durableName(), stream, settings.filterSubject());
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            Duration retry = max(MIN_RESUBSCRIBE_DELAY, backoff(++subscribeAttempts));
            log.warn("consumer {} on stream {} cannot start yet (retrying in {}): {}", settings.durableName(), stream,
                    retry, e.toString());
            timers.schedule(this::trySubscribe, retry.toMillis(), TimeUnit.MILLISECONDS);
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

    /** Runs on the consumer's dispatcher thread: blocking here is the back-pressure. */
    private void dispatch(Message msg) {
        try {
            // Waits for a free slot, but not past a stop: a message waiting here goes back at once.
            while (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (!running) {
                    handBack(msg);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handBack(msg);
            return;
        }
        if (!running) {
            slots.release();
            handBack(msg);
            return;
        }
        if (batches) {
            waiting.add(msg);
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    handleOne(msg);
                } finally {
                    slots.release();
                }
            });
        } catch (RejectedExecutionException stopping) {
            slots.release();
            handBack(msg);
        }
    }

    /**
     * A batch thread: takes what has arrived, up to maxBatch messages, and handles it; so under
     * load batches grow by themselves and a quiet system never waits to fill one.
     */
    private void takeBatches() {
        List<Message> batch = new ArrayList<>(settings.maxBatch());
        while (running) {
            try {
                Message first = waiting.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                waiting.drainTo(batch, settings.maxBatch() - 1);
                handleBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                slots.release(batch.size());
                batch.clear();
            }
        }
    }

    private void handleBatch(List<Message> messages) {
        if (messages.size() == 1) {
            handleOne(messages.get(0));
            return;
        }
        metrics.batch(messages.size());
        List<ReceivedEvent> events = new ArrayList<>(messages.size());
        Map<ReceivedEvent, ConsumeSpan> spans = new IdentityHashMap<>();
        for (Message msg : messages) {
            ReceivedEvent event = ReceivedEvent.of(msg);
            events.add(event);
            spans.put(event, tracing.consumeInBatch(event, settings.durableName()));
        }
        long started = System.nanoTime();
        inFlight.addAll(messages);
        try {
            ((BatchEventHandler) handler).handleAll(events, new EventSpans() {
                @Override
                public <T> T run(ReceivedEvent event, Callable<T> work) throws Exception {
                    ConsumeSpan span = spans.get(event);
                    return span == null ? work.call() : span.inScope(work);
                }
            });
        } catch (Exception e) {
            inFlight.removeAll(messages);
            spans.values().forEach(span -> {
                span.tag("outcome", "batch failed, handled alone");
                span.close();
            });
            log.debug("{}: a batch of {} failed, handling its messages one at a time: {}", settings.durableName(),
                    messages.size(), e.toString());
            messages.forEach(this::handleOne);
            return;
        }
        inFlight.removeAll(messages);
        Duration took = since(started);
        for (int i = 0; i < messages.size(); i++) {
            messages.get(i).ack();
            metrics.received(events.get(i).deliveryCount());
            metrics.succeeded(took);
        }
        spans.values().forEach(ConsumeSpan::close);
    }

    /**
     * A message that arrives while stopping goes back to the server for another instance (or
     * this worker's next start). With a short delay, because until the drain's unsubscribe has
     * reached the server the pull it came in on is still open: a plain nak would have the server
     * send it straight back to us, counting each as a delivery.
     */
    private void handBack(Message msg) {
        try {
            msg.nakWithDelay(HAND_BACK_DELAY);
        } catch (RuntimeException e) {
            log.debug("{}: cannot nak (redelivered after ackWait): {}", settings.durableName(), e.toString());
        }
    }

    private void handleOne(Message msg) {
        ReceivedEvent event = ReceivedEvent.of(msg);
        try (ConsumeSpan span = tracing.consume(event, settings.durableName())) {
            handleOne(msg, event, span);
        }
    }

    private void handleOne(Message msg, ReceivedEvent event, ConsumeSpan span) {
        metrics.received(event.deliveryCount());
        long started = System.nanoTime();
        try {
            inFlight.add(msg);
            try {
                handler.handle(event);
            } finally {
                inFlight.remove(msg);
            }
            msg.ack();
            metrics.succeeded(since(started));
        } catch (PoisonMessageException | MalformedEventException e) {
            metrics.failed(since(started));
            span.error(e);
            if (event.deliveryCount() >= settings.maxDeliver()) {
                span.tag("outcome", "dead-lettered");
                deadLetter(msg, event, e.getMessage());
            } else {
                log.warn("{}: poison message {} on {} (delivery {} of {}): {}", settings.durableName(),
                        event.streamSequence(), event.subject(), event.deliveryCount(), settings.maxDeliver(),
                        headerSafe(e.getMessage()));
                nakLater(msg, backoff(event.deliveryCount()));
            }
        } catch (Exception e) {
            metrics.failed(since(started));
            span.error(e);
            Duration delay = backoff(event.deliveryCount());
            log.warn("{}: transient failure on {} {} (delivery {}), retrying in {}: {}", settings.durableName(),
                    event.subject(), event.streamSequence(), event.deliveryCount(), delay, e.toString());
            nakLater(msg, delay);
        }
    }

    /** A lost nak is fine: the server redelivers after ackWait anyway. */
    private void nakLater(Message msg, Duration delay) {
        try {
            msg.nakWithDelay(delay);
        } catch (RuntimeException e) {
            log.debug("{}: cannot nak (redelivered after ackWait): {}", settings.durableName(), e.toString());
        }
    }

    /**
     * Every heartbeat interval, "in progress" for each message still being handled: each gets
     * one at most an interval after it started, then one per interval, as long as it runs.
     */
    private void heartbeat() {
        for (Message msg : inFlight) {
            try {
                msg.inProgress();
            } catch (RuntimeException e) {
                log.debug("{}: in-progress not sent: {}", settings.durableName(), e.toString());
            }
        }
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** backoff × 2^(deliveries-1), at most maxBackoff. */
    Duration backoff(long deliveryCount) {
        long factor = 1L << Math.min(20, Math.max(0, deliveryCount - 1));
        Duration delay = settings.backoff().multipliedBy(factor);
        return delay.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : delay;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private void deadLetter(Message msg, ReceivedEvent event, String reason) {
        Headers headers = new Headers(msg.getHeaders());
        // Our own id, so a dead-letter publish repeated after a lost ack is de-duplicated.
        headers.put(EventHeaders.MSG_ID, "dlq:" + stream + ":" + settings.durableName() + ":" + event.streamSequence());
        headers.put(EventHeaders.DLQ_REASON, headerSafe(reason));
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
            metrics.deadLettered();
            log.error("{}: dead-lettered message {} on {} after {} deliveries: {}", settings.durableName(),
                    event.streamSequence(), msg.getSubject(), event.deliveryCount(), headerSafe(reason));
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            log.warn("{}: cannot dead-letter {} yet: {}", settings.durableName(), event.streamSequence(), e.toString());
            nakLater(msg, settings.maxBackoff());
        }
    }

    /** A header value (and a log line) is one line of printable ASCII. */
    static String headerSafe(String reason) {
        if (reason == null || reason.isBlank()) {
            return "unknown";
        }
        StringBuilder safe = new StringBuilder(Math.min(reason.length(), MAX_REASON_LENGTH));
        for (int i = 0; i < reason.length() && safe.length() < MAX_REASON_LENGTH; i++) {
            char c = reason.charAt(i);
            safe.append(c >= 0x20 && c < 0x7f ? c : ' ');
        }
        return safe.toString();
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
                        .duplicateWindow(Duration.ofMinutes(2))
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
        // From here every message that arrives is handed back at once (dispatch checks this).
        running = false;
        MessageConsumer consumer = messageConsumer;
        Dispatcher own = dispatcher;
        messageConsumer = null;
        dispatcher = null;
        long deadline = System.nanoTime() + stopTimeout.toNanos();
        // Batch mode: what no batch took goes back at once, for another instance (a batch thread
        // that already took a message finishes it: the queue hands each message out once).
        nakWaiting();
        try {
            // Drain, not jnats' MessageConsumer.stop(): that one unsubscribes by itself as the
            // last message of its open pull arrives, and drops that message and any still queued
            // for the dispatcher, which then wait for ackWait (DurableConsumerStopTest saw it).
            // A drain unsubscribes, so the server sends nothing more (it serves a waiting pull only
            // while its reply subject has a subscriber: consumer.nextWaiting in
            // https://github.com/nats-io/nats-server/blob/main/server/consumer.go), and still
            // delivers what it had sent: https://docs.nats.io/developing-with-nats/receiving/drain
            if (own != null && connection.getStatus() == Connection.Status.CONNECTED) {
                own.drain(PULL_EXPIRES).get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("{}: draining: {}", settings.durableName(), e.toString());
        }
        if (consumer != null) {
            try {
                consumer.stop(); // no more pulls, and its heartbeat timer stops
            } catch (RuntimeException e) {
                log.debug("stopping consumer: {}", e.toString());
            }
        }
        workers.shutdown();
        try {
            // In-flight handlers finish and ack.
            if (!workers.awaitTermination(remainingMillis(deadline), TimeUnit.MILLISECONDS)) {
                log.warn("{}: handlers still running after {}, interrupting them", settings.durableName(), stopTimeout);
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
        timers.shutdownNow();
        nakWaiting();
        if (consumer != null) {
            try {
                consumer.close();
            } catch (Exception e) {
                log.debug("closing consumer: {}", e.toString());
            }
        }
        if (own != null && own.isActive()) {
            connection.closeDispatcher(own);
        }
        log.info("consumer {} stopped", settings.durableName());
    }

    private void nakWaiting() {
        for (Message msg; (msg = waiting.poll()) != null; ) {
            slots.release();
            handBack(msg);
        }
    }

    private static long remainingMillis(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}

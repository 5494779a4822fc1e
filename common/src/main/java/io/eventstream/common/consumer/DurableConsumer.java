package io.eventstream.common.consumer;

import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.tracing.EventTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A JetStream durable pull consumer that feeds an {@link EventHandler}: the plumbing every
 * worker shares. This class starts and stops it; each job is a class of its own:
 *
 * <ul>
 *   <li>{@link ConsumerTakeover}: before each bind, takes over a durable of our name that we did
 *       not create (the original's), right after its acknowledged floor, and decides where a new
 *       one starts ({@link StartPolicy}); which messages may have been handled before goes to the
 *       handler through a {@link TakeoverPoint};</li>
 *   <li>{@link Subscription}: binds to the durable (several instances share its messages) and,
 *       if NATS or the stream is not there at start, keeps trying in the background instead of
 *       failing the service (the original's workers died on a failed dial);</li>
 *   <li>{@link Intake}: back-pressure (never more messages in hand than the threads take) and,
 *       with a {@link BatchEventHandler} and {@code maxBatch > 1}, batches of what has arrived;</li>
 *   <li>{@link Handling}: runs the handler, acks only after it returned; a batch that fails is
 *       handled again one message at a time, so every message still gets its own exact outcome;</li>
 *   <li>{@link Heartbeats}: "in progress" every ackWait/3 for the messages in hand, so slow
 *       handling never triggers a redelivery (the original wrote several approvals per order that way);</li>
 *   <li>{@link Outcomes}: any exception is transient (nak with an exponential back-off, retried
 *       for ever); a {@link PoisonMessageException}, or a {@code MalformedEventException} (a body
 *       that does not parse, common's one rule), is retried until {@code maxDeliver}
 *       deliveries, then dead-lettered; a {@link PersistentFailure} (the event store's INTERNAL)
 *       still failing on the {@code maxDeliverPersistent}th delivery is dead-lettered too;</li>
 *   <li>{@link UnreadableOriginals}: the original's empty {@code approved} (no headers, no
 *       body, no order) is acked without the handler and counted, never dead-lettered;</li>
 *   <li>{@link DeadLetters}: publishes to {@code <stream>_DLQ} (subject {@code <stream>_DLQ.<durable>},
 *       reason in headers) and acks; the stream is the bootstrapper's to create: while it is
 *       missing the message waits on the server, not acked, and {@link #isDeadLetterStreamMissing()} says so;</li>
 *   <li>the graceful stop ({@link #stop()}): pulls no more, hands back at once what it holds but
 *       has not started, drains its subscription (what the server had already sent is handed back
 *       too) and lets in-flight handlers finish and ack: nothing of a stopped instance waits for
 *       ackWait.</li>
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

    private final Connection connection;
    private final String stream;
    private final ConsumerSettings settings;
    private final EventHandler handler;
    private final boolean batches;
    private final Backoff backoff;
    private volatile ConsumerMetrics metrics;
    private volatile EventTracing tracing = EventTracing.noop();
    private volatile Duration stopTimeout = Duration.ofSeconds(25);
    private volatile TakeoverPoint takeoverPoint = new TakeoverPoint();
    private volatile boolean running;
    /** The parts of a started consumer, made anew by each start. */
    private ConsumerThreads threads;
    private Intake intake;
    private volatile Subscription subscription;
    private volatile DeadLetters deadLetters;

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
        this.backoff = Backoff.of(settings);
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

    /**
     * Shares with the handler which messages may have been handled before this consumer was
     * created (see {@link TakeoverPoint}); call before {@link #start()}.
     */
    public void setTakeoverPoint(TakeoverPoint takeoverPoint) {
        this.takeoverPoint = takeoverPoint;
    }

    public TakeoverPoint takeoverPoint() {
        return takeoverPoint;
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
        Subscription current = subscription;
        return current != null && current.isSubscribed();
    }

    /** The stream poison messages go to: {@code <stream>_DLQ}. */
    public String deadLetterStream() {
        return new OrderEventTypes(stream).deadLetterStream();
    }

    /**
     * True while a poison message waits because the dead-letter stream does not exist (the
     * bootstrapper creates it; a consumer never does), until a dead letter goes through again.
     */
    public boolean isDeadLetterStreamMissing() {
        DeadLetters current = deadLetters;
        return current != null && current.streamMissing();
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        threads = new ConsumerThreads(settings);
        deadLetters = new DeadLetters(connection, new OrderEventTypes(stream), settings.durableName(), metrics);
        Outcomes outcomes = new Outcomes(settings, deadLetters);
        Heartbeats heartbeats = new Heartbeats(settings.durableName());
        threads.every(Heartbeats.everyMillis(settings), heartbeats::beat);
        intake = new Intake(settings, batches,
                new Handling(settings, handler, heartbeats, outcomes, metrics, tracing), outcomes);
        subscription = new Subscription(connection, stream, settings, intake::dispatch, threads.timers,
                takeoverPoint);
        running = true;
        intake.open(threads.handlers);
        subscription.start();
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        // From here every message that arrives is handed back at once (the intake checks this).
        intake.close();
        subscription.detach();
        Deadline deadline = Deadline.in(stopTimeout);
        intake.handBackWaiting();
        subscription.drain(deadline);
        // In-flight handlers finish and ack.
        threads.finish(deadline);
        // What arrived during the drain and no batch took.
        intake.handBackWaiting();
        subscription.close();
        log.info("consumer {} stopped", settings.durableName());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The redelivery delay after a failed delivery: backoff × 2^(deliveries-1), at most maxBackoff. */
    Duration backoff(long deliveryCount) {
        return backoff.after(deliveryCount);
    }
}

package io.eventstream.common.consumer;

import io.eventstream.common.nats.NatsPermissions;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import java.io.IOException;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the durable of our name is ours before {@link Subscription} binds to it, and
 * decides where it starts when it is created ({@link StartDecision}).
 *
 * <p>A consumer of our name that we did not create (the original's push consumer with a queue
 * group, its pull consumer with max_waiting 128, or one of ours from before consumers were
 * marked) cannot be updated into ours: JetStream refuses ([10012] "max waiting can not be
 * updated" and the like). It is taken over under the same name, so the dead-letter subject,
 * meters and dashboards keep it; since two consumers cannot share a name, the start is first
 * recorded in a consumer of ours named {@code <durable>-takeover}, which holds it on the
 * server while the old one is removed and ours is created:
 *
 * <ol>
 *   <li>read the old consumer's acknowledged floor, decide the start, create {@code <durable>-takeover} with it;</li>
 *   <li>remove the old consumer;</li>
 *   <li>create ours from the start {@code <durable>-takeover} holds;</li>
 *   <li>remove {@code <durable>-takeover}.</li>
 * </ol>
 *
 * Every step is repeatable and the next attempt (or the next instance, or a restart) goes on
 * from whatever it finds: after a crash between steps 2 and 3, {@code <durable>-takeover} still
 * holds the start, so ours never starts at the stream's first message because the floor was lost.
 */
final class ConsumerTakeover {

    private static final Logger log = LoggerFactory.getLogger(DurableConsumer.class);
    /** JetStream's JSConsumerNotFoundErr. */
    private static final int CONSUMER_NOT_FOUND = 10014;
    static final String RECORD_SUFFIX = NatsPermissions.TAKEOVER_RECORD_SUFFIX;

    private final JetStreamManagement jsm;
    private final String stream;
    private final ConsumerSettings settings;
    private final String durable;
    private final String record;

    ConsumerTakeover(JetStreamManagement jsm, String stream, ConsumerSettings settings) {
        this.jsm = jsm;
        this.stream = stream;
        this.settings = settings;
        this.durable = settings.durableName();
        this.record = durable + RECORD_SUFFIX;
    }

    /**
     * Takes over or finishes taking over what needs it, and returns where our consumer starts
     * (an existing one of ours: where it was created to start).
     */
    ConsumerStart prepare() throws IOException, JetStreamApiException {
        Optional<ConsumerInfo> current = find(durable);
        Optional<ConsumerStart> recorded = find(record).map(info -> ours(info).orElseThrow(() -> new IllegalStateException(
                "a consumer named " + record + " exists on " + stream + " that eventstream did not create; remove it")));
        if (current.isPresent() && ours(current.get()).isPresent()) {
            if (recorded.isPresent()) {
                delete(record);
                log.info("consumer {} on {}: removed {}, left by an interrupted takeover", durable, stream, record);
            }
            return ours(current.get()).get();
        }
        if (current.isEmpty() && recorded.isEmpty()) {
            ConsumerStart start = StartDecision.decide(settings.startPolicy(), OptionalLong.empty(), lastSequence());
            log.info("consumer {} on {}: none yet; creating it with start-policy {}, from {} ({})", durable, stream,
                    settings.startPolicy(), start.where(), start.checked());
            return start;
        }
        ConsumerStart start;
        if (recorded.isPresent()) {
            start = recorded.get();
            log.info("consumer {} on {}: resuming an interrupted takeover, from {} as {} recorded", durable, stream,
                    start.where(), record);
        } else {
            ConsumerInfo old = current.get();
            long floor = old.getAckFloor().getStreamSequence();
            start = StartDecision.decide(settings.startPolicy(), OptionalLong.of(floor), lastSequence());
            log.info("consumer {} on {}: found a consumer of this name that eventstream did not create ({}), "
                    + "acknowledged through stream sequence {}; taking it over with start-policy {}", durable, stream,
                    describe(old.getConsumerConfiguration()), floor, settings.startPolicy());
            jsm.addOrUpdateConsumer(stream, configuration(settings, record, start));
            log.info("consumer {} on {}: step 1/4: recorded the start in consumer {}: from {} ({})", durable, stream,
                    record, start.where(), start.checked());
        }
        if (current.isPresent() && deleteIfNotOurs()) {
            log.info("consumer {} on {}: step 2/4: removed the consumer eventstream did not create", durable, stream);
        }
        jsm.addOrUpdateConsumer(stream, configuration(settings, durable, start));
        log.info("consumer {} on {}: step 3/4: created ours, from {}", durable, stream, start.where());
        delete(record);
        log.info("consumer {} on {}: step 4/4: removed {}; takeover done", durable, stream, record);
        return start;
    }

    /** The configuration of one of our consumers. */
    static ConsumerConfiguration configuration(ConsumerSettings settings, String name, ConsumerStart start) {
        ConsumerConfiguration.Builder b = ConsumerConfiguration.builder()
                .durable(name)
                .description(start.description())
                .filterSubject(settings.filterSubject())
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(settings.ackWait())
                .maxAckPending(settings.maxAckPending())
                // Redelivery is ours to decide (back-off, dead letter): the server never gives up.
                .maxDeliver(-1);
        StartPolicy from = start.from();
        return switch (from.kind()) {
            case SEQUENCE -> b.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(from.sequence()).build();
            case TIME -> b.deliverPolicy(DeliverPolicy.ByStartTime).startTime(from.time().atZone(ZoneOffset.UTC)).build();
            default -> b.deliverPolicy(DeliverPolicy.All).build();
        };
    }

    /** Where one of our consumers was created to start; empty when it is not ours. */
    static Optional<ConsumerStart> ours(ConsumerInfo info) {
        ConsumerConfiguration c = info.getConsumerConfiguration();
        Optional<Long> handled = ConsumerStart.handledThrough(c.getDescription());
        if (handled.isEmpty() || c.getDeliverSubject() != null) {
            return Optional.empty();
        }
        StartPolicy from;
        if (c.getDeliverPolicy() == DeliverPolicy.ByStartSequence && c.getStartSequence() >= 1) {
            from = new StartPolicy(StartPolicy.Kind.SEQUENCE, c.getStartSequence(), null);
        } else if (c.getDeliverPolicy() == DeliverPolicy.ByStartTime && c.getStartTime() != null) {
            from = new StartPolicy(StartPolicy.Kind.TIME, 0, c.getStartTime().toInstant());
        } else if (c.getDeliverPolicy() == DeliverPolicy.All) {
            from = StartPolicy.ALL;
        } else {
            return Optional.empty();
        }
        return Optional.of(new ConsumerStart(from, handled.get()));
    }

    private static String describe(ConsumerConfiguration c) {
        String kind = c.getDeliverSubject() == null
                ? "pull, max_waiting " + c.getMaxPullWaiting()
                : "push to " + c.getDeliverSubject() + (c.getDeliverGroup() == null ? "" : ", queue group " + c.getDeliverGroup());
        return kind + ", filter " + c.getFilterSubject() + ", deliver " + c.getDeliverPolicy();
    }

    /**
     * Removes the durable unless it became ours meanwhile (another instance finished the
     * takeover between our reads): never remove a consumer of ours with its progress.
     */
    private boolean deleteIfNotOurs() throws IOException, JetStreamApiException {
        Optional<ConsumerInfo> now = find(durable);
        if (now.isEmpty() || ours(now.get()).isPresent()) {
            return false;
        }
        return delete(durable);
    }

    private long lastSequence() throws IOException, JetStreamApiException {
        return jsm.getStreamInfo(stream).getStreamState().getLastSequence();
    }

    private Optional<ConsumerInfo> find(String name) throws IOException, JetStreamApiException {
        try {
            return Optional.of(jsm.getConsumerInfo(stream, name));
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == CONSUMER_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** False when it was not there (another instance removed it). */
    private boolean delete(String name) throws IOException, JetStreamApiException {
        try {
            return jsm.deleteConsumer(stream, name);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == CONSUMER_NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }
}

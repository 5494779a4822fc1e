package io.eventstream.common.testing;

import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.Subscription;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import java.time.Duration;
import java.util.Optional;

/**
 * The durable consumers the original's workers leave on the stream (docs/contract.md, "What the
 * original's services do on the wire"), made by hand: explicit ack, deliver all, AckWait 30 s,
 * unlimited redelivery; {@code payment-worker} and {@code review-worker} push with a deliver
 * subject and a queue group of their name, {@code query-model-worker} pull with max_waiting 128.
 * Each acknowledges its first {@code acked} messages in stream order, as the original did before
 * it stopped, so its acknowledged floor is the stream sequence of the last of them; the next few
 * it received stay unacknowledged, as a stopped worker leaves them.
 */
public final class OriginalConsumers {

    private OriginalConsumers() {
    }

    /** The original's push consumer with a queue group; returns its acknowledged floor. */
    public static long push(Connection nats, String stream, String name, String filter, int acked) throws Exception {
        String deliverTo = "_ORIGINAL." + name + "." + stream;
        nats.jetStreamManagement().addOrUpdateConsumer(stream, base(name, filter)
                .deliverSubject(deliverTo).deliverGroup(name).build());
        Subscription sub = nats.subscribe(deliverTo, name);
        try {
            for (int i = 0; i < acked; i++) {
                Message msg = sub.nextMessage(Duration.ofSeconds(5));
                if (msg == null) {
                    throw new IllegalStateException("the push consumer delivered only " + i + " messages");
                }
                msg.ackSync(Duration.ofSeconds(5));
            }
        } finally {
            sub.unsubscribe();
        }
        return awaitFloor(nats, stream, name);
    }

    /** The original's pull consumer (max_waiting 128, one message per fetch); returns its acknowledged floor. */
    public static long pull(Connection nats, String stream, String name, String filter, int acked) throws Exception {
        nats.jetStreamManagement().addOrUpdateConsumer(stream, base(name, filter).maxPullWaiting(128).build());
        JetStreamSubscription sub = nats.jetStream().subscribe(null, PullSubscribeOptions.bind(stream, name));
        try {
            for (int i = 0; i < acked; i++) {
                Message msg = sub.fetch(1, Duration.ofSeconds(5)).stream().findFirst().orElseThrow(
                        () -> new IllegalStateException("the pull consumer gave no message"));
                msg.ackSync(Duration.ofSeconds(5));
            }
        } finally {
            sub.unsubscribe();
        }
        return awaitFloor(nats, stream, name);
    }

    /** The consumer of this name, if there is one. */
    public static Optional<ConsumerInfo> find(Connection nats, String stream, String name) throws Exception {
        try {
            return Optional.of(nats.jetStreamManagement().getConsumerInfo(stream, name));
        } catch (io.nats.client.JetStreamApiException e) {
            if (e.getApiErrorCode() == 10014) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static ConsumerConfiguration.Builder base(String name, String filter) {
        return ConsumerConfiguration.builder().durable(name).filterSubject(filter).ackPolicy(AckPolicy.Explicit)
                .deliverPolicy(DeliverPolicy.All).ackWait(Duration.ofSeconds(30)).maxDeliver(-1);
    }

    /** ackSync waited for the server: the floor is there already. */
    private static long awaitFloor(Connection nats, String stream, String name) throws Exception {
        return nats.jetStreamManagement().getConsumerInfo(stream, name).getAckFloor().getStreamSequence();
    }
}

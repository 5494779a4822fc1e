package io.eventstream.common.consumer;

import io.nats.client.Message;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "In progress" for the messages in hand, so that slow handling never triggers a redelivery
 * (the original wrote several approvals per order that way). One timer task tells the server
 * about all of them every heartbeat interval (ackWait/3, {@link ConsumerSettings#heartbeatInterval}),
 * instead of scheduling and cancelling one per message.
 */
final class Heartbeats {

    private static final Logger log = LoggerFactory.getLogger(DurableConsumer.class);

    private final String durableName;
    /** Messages being handled now. */
    private final Set<Message> inHand = ConcurrentHashMap.newKeySet();

    Heartbeats(String durableName) {
        this.durableName = durableName;
    }

    /** How often {@link #beat()} must run: the settings' interval, but not more often than every 100 ms. */
    static long everyMillis(ConsumerSettings settings) {
        return Math.max(100, settings.heartbeatInterval().toMillis());
    }

    void handling(Message msg) {
        inHand.add(msg);
    }

    void handling(Collection<Message> messages) {
        inHand.addAll(messages);
    }

    void done(Message msg) {
        inHand.remove(msg);
    }

    void done(Collection<Message> messages) {
        inHand.removeAll(messages);
    }

    /**
     * Every heartbeat interval, "in progress" for each message still being handled: each gets
     * one at most an interval after it started, then one per interval, as long as it runs.
     */
    void beat() {
        for (Message msg : inHand) {
            try {
                msg.inProgress();
            } catch (RuntimeException e) {
                log.debug("{}: in-progress not sent: {}", durableName, e.toString());
            }
        }
    }
}

package io.eventstream.e2e;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The positive signal that a suite has done everything it was going to do, so that a check that
 * something did NOT happen (no approval of a cancelled order, no second refund) is true, not
 * hopeful: every appended event is published (the store's outbox is empty), every durable
 * consumer of the stream has handled and acknowledged every message it had (none pending, none
 * awaiting its ack, redeliveries included), and no event was published meanwhile (the stream's
 * last sequence did not move). A handler appends its reaction before it acks, so a reaction to
 * any message is in the store, and so in the outbox or the stream, by then.
 *
 * <p>JetStream's counters (https://docs.nats.io/reference/jetstream/api/consumer/info): {@code
 * num_pending}, the messages left unconsumed, and {@code num_ack_pending}, delivered and not yet
 * acknowledged. A NAK'd message stays pending acknowledgement until it is redelivered and acked
 * (nats-server server/consumer.go, processNak only queues it for redelivery), so a handler that
 * is still retrying keeps the suite unsettled.
 */
final class Quiescence {

    private Quiescence() {
    }

    static void await(Suite suite, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "not checked";
        try (Connection nats = suite.infra.natsConnection()) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            while (System.nanoTime() < deadline) {
                long before = jsm.getStreamInfo(suite.stream).getStreamState().getLastSequence();
                long outboxBefore = outboxRows(suite);
                List<ConsumerInfo> consumers = jsm.getConsumers(suite.stream);
                boolean idle = !consumers.isEmpty()
                        && consumers.stream().allMatch(c -> c.getNumPending() == 0 && c.getNumAckPending() == 0);
                long outboxAfter = outboxRows(suite);
                long after = jsm.getStreamInfo(suite.stream).getStreamState().getLastSequence();
                if (idle && outboxBefore == 0 && outboxAfter == 0 && before == after) {
                    return;
                }
                last = "outbox " + outboxBefore + "/" + outboxAfter + ", stream sequence " + before + "/" + after
                        + ", consumers " + consumers.stream().map(c -> c.getName() + " pending " + c.getNumPending()
                        + " unacked " + c.getNumAckPending()).collect(Collectors.joining(", "));
                Thread.sleep(100); // polling, not waiting for time to pass
            }
        }
        throw new AssertionError("the suite did not settle within " + timeout + ": " + last);
    }

    private static long outboxRows(Suite suite) throws Exception {
        try (var c = suite.infra.admin(suite.eventstoreDb);
             var rs = c.createStatement().executeQuery("SELECT count(*) FROM outbox")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

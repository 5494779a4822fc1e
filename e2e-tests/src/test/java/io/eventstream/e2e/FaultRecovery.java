package io.eventstream.e2e;

import static io.eventstream.e2e.FaultSuite.CONSUMERS;
import static io.eventstream.e2e.FaultSuite.SETTLE_TIMEOUT;
import static io.eventstream.e2e.FaultSuite.seconds;
import static io.eventstream.e2e.FaultSuite.since;

import io.nats.client.api.ConsumerInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the fault suite reads of the system after a fault: when the orders of the heal are all
 * terminal and what the process held is acked (the recovery and held times), when everything is
 * at rest, and whether the saga's deadline cancelled any order. Apart from the runner
 * ({@link FaultSuite}) because these are queries of PostgreSQL and JetStream, not steps of a run.
 */
final class FaultRecovery {

    private final Suite suite;

    FaultRecovery(Suite suite) {
        this.suite = suite;
    }

    /** True once each consumer's ack floor has passed what it had been sent at the fault. */
    boolean heldHandled(Map<String, Long> heldUpTo) {
        try (var nc = suite.infra.natsConnection()) {
            var jsm = nc.jetStreamManagement();
            for (Map.Entry<String, Long> e : heldUpTo.entrySet()) {
                if (jsm.getConsumerInfo(suite.stream, e.getKey()).getAckFloor().getStreamSequence() < e.getValue()) {
                    return false;
                }
            }
            return true;
        } catch (Exception notNow) {
            return false;
        }
    }

    /** The outcome rule of issue 16: a fault that is healed cancels no order by the saga's deadline. */
    Check noDeadlineCancels() throws SQLException {
        long cancelled = count(suite.eventstoreDb, "SELECT count(*) FROM events WHERE eventtype = '" + suite.stream
                + ".cancelrequested' AND eventdata->>'Reason' LIKE 'not completed within%'");
        return cancelled == 0 ? Check.pass("deadline", "no order cancelled by the deadline")
                : Check.fail("deadline", cancelled + " orders cancelled by the saga's deadline");
    }

    Set<String> ordersInLog() throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = suite.infra.admin(suite.eventstoreDb); var s = c.prepareStatement(
                "SELECT DISTINCT aggregateid FROM events WHERE eventtype = ?")) {
            s.setString(1, suite.stream + ".created");
            try (var rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    boolean allTerminal(Set<String> ids) {
        if (ids.isEmpty()) {
            return true;
        }
        try (Connection c = suite.infra.admin(suite.ordersDb); var s = c.prepareStatement(
                "SELECT count(*) FROM orders WHERE id = ANY(?) AND status IN ('Approved', 'Rejected', 'Cancelled')")) {
            s.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1) == ids.size();
            }
        } catch (SQLException notNow) {
            return false;
        }
    }

    /**
     * Waits until the system is at rest: every order of the log has a terminal event and shows a
     * terminal status in the read model, the outbox is empty, every requested refund is done,
     * and every durable consumer has handled (or dead-lettered) every message. Returns null, or
     * what is still not at rest after the timeout.
     */
    String awaitSettled() throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + SETTLE_TIMEOUT.toNanos();
        long nextReport = started + Duration.ofSeconds(5).toNanos();
        String state = "not checked";
        while (System.nanoTime() < deadline) {
            try {
                state = unsettled();
                if (state == null) {
                    return null;
                }
            } catch (Exception e) {
                state = "cannot read: " + e;
            }
            if (System.nanoTime() > nextReport) {
                System.out.println("faults: not at rest after " + seconds(since(started)) + ": " + state);
                nextReport += Duration.ofSeconds(5).toNanos();
            }
            Thread.sleep(500);
        }
        return "after " + seconds(SETTLE_TIMEOUT) + ": " + state;
    }

    private String unsettled() throws Exception {
        String s = suite.stream;
        List<String> open = new ArrayList<>();
        long orders = count(suite.eventstoreDb, "SELECT count(DISTINCT aggregateid) FROM events WHERE eventtype = '"
                + s + ".created'");
        long ended = count(suite.eventstoreDb, "SELECT count(DISTINCT aggregateid) FROM events WHERE eventtype IN ('"
                + s + ".approved', '" + s + ".rejected', '" + s + ".cancelled')");
        long shown = count(suite.ordersDb,
                "SELECT count(*) FROM orders WHERE status IN ('Approved', 'Rejected', 'Cancelled')");
        if (ended != orders || shown != orders) {
            open.add(orders + " orders, " + ended + " with a terminal event, " + shown + " terminal in the read model");
        }
        long outbox = count(suite.eventstoreDb, "SELECT count(*) FROM outbox");
        if (outbox > 0) {
            open.add(outbox + " events in the outbox");
        }
        long refunds = count(suite.eventstoreDb, "SELECT count(*) FROM events r WHERE r.eventtype = '" + s
                + ".refundrequested' AND NOT EXISTS (SELECT 1 FROM events p WHERE p.aggregateid = r.aggregateid"
                + " AND p.eventtype = '" + s + ".paymentrefunded')");
        if (refunds > 0) {
            open.add(refunds + " refunds open");
        }
        try (var nc = suite.infra.natsConnection()) {
            var jsm = nc.jetStreamManagement();
            for (String consumer : CONSUMERS) {
                ConsumerInfo info = jsm.getConsumerInfo(s, consumer);
                if (info.getNumPending() > 0 || info.getNumAckPending() > 0) {
                    open.add(consumer + " " + info.getNumPending() + " pending, " + info.getNumAckPending()
                            + " unacked");
                }
            }
        }
        return open.isEmpty() ? null : String.join("; ", open);
    }

    private long count(String database, String sql) throws SQLException {
        try (Connection c = suite.infra.admin(database); var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

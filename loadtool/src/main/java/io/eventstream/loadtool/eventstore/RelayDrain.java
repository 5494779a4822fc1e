package io.eventstream.loadtool.eventstore;

import io.eventstream.loadtool.Options;
import io.eventstream.loadtool.infra.Machine;
import io.eventstream.loadtool.infra.NatsConnect;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StreamInfo;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * {@code --mode relay-drain}: the ceiling of one relay. Fills the outbox of a running event store
 * (its own bench database and stream) with {@code --events} unpublished events in one transaction
 * ({@link LogGenerator#unpublished}), so its relay finds the whole backlog at the commit; waits
 * until the outbox is empty; then reads the stream back (headers only) and checks that every event
 * arrived exactly once (by its {@code Nats-Msg-Id}) and nothing else did.
 *
 * <p>Figures: events/s from the commit to the empty outbox (what an operator waits for), and from
 * the stream's first to its last message of the run (JetStream's own timestamps: publishing alone,
 * without the relay's wake-up and its last delete); CPU seconds of the store ({@code --store-pid})
 * and of all PostgreSQL processes over the drain, from /proc.
 */
public final class RelayDrain {

    private final Options o;

    public RelayDrain(Options o) {
        this.o = o;
    }

    public int run() throws Exception {
        long events = Long.parseLong(o.get("events"));
        String url = o.get("pg") + o.get("eventstore-db");
        String stream = o.get("stream");
        System.out.println("machine before: load average " + Machine.loadAverage());
        try (Connection db = DriverManager.getConnection(url, o.get("pg-user"), o.get("pg-password"));
             io.nats.client.Connection nats = NatsConnect.open(o.get("nats"), o.get("nats-nkey"))) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            if (count(db, "SELECT count(*) FROM outbox") > 0) {
                System.err.println("loadtool: the outbox is not empty; run against a bench database of its own");
                return 1;
            }
            long lastSeqBefore = jsm.getStreamInfo(stream).getStreamState().getLastSequence();
            Set<String> ids = new HashSet<>();
            new LogGenerator(o).unpublished(db, ids);
            long committed = System.nanoTime();
            CpuTimes cpuBefore = CpuTimes.read(o.get("store-pid"));
            long left = ids.size();
            long lastSaid = committed;
            try (Statement s = db.createStatement()) {
                while (left > 0) {
                    Thread.sleep(100);
                    // Progress from JetStream's stream state, not from the outbox: with autovacuum off a
                    // count(*) walks every dead row of the drained outbox (24-34 ms after 300,000), and
                    // ten a second took PostgreSQL time from the relay being measured. The outbox is
                    // counted only once the stream holds them all (the relay deletes after the acks).
                    long onStream = jsm.getStreamInfo(stream).getStreamState().getLastSequence() - lastSeqBefore;
                    left = onStream < ids.size() ? ids.size() - onStream : count(s, "SELECT count(*) FROM outbox");
                    if (System.nanoTime() - lastSaid > 5_000_000_000L) {
                        double secs = (System.nanoTime() - committed) / 1e9;
                        System.out.printf(Locale.ROOT, "%6.1f s: %,d left, %,.0f events/s so far%n", secs, left,
                                (ids.size() - left) / secs);
                        lastSaid = System.nanoTime();
                    }
                    long waited = System.nanoTime() - committed;
                    if (left == ids.size() && waited > Duration.ofSeconds(Long.parseLong(o.get("drain"))).toNanos()) {
                        System.err.printf("loadtool: nothing left the outbox in %s s: is the event store running on %s"
                                + " with its relay on?%n", o.get("drain"), o.get("eventstore-db"));
                        return 1;
                    }
                }
            }
            double drained = (System.nanoTime() - committed) / 1e9;
            long total = ids.size();
            CpuTimes cpuAfter = CpuTimes.read(o.get("store-pid"));
            System.out.println("machine after: load average " + Machine.loadAverage());
            StreamInfo info = jsm.getStreamInfo(stream);
            Verified v = verify(nats, stream, lastSeqBefore + 1, info.getStreamState().getLastSequence(), ids);
            double published = Duration.between(v.first, v.last).toNanos() / 1e9;
            System.out.printf(Locale.ROOT, "%n%,d events drained in %.1f s: %,.0f events/s (commit to empty outbox)%n",
                    total, drained, total / drained);
            System.out.printf(Locale.ROOT, "on the stream: first to last message %.1f s: %,.0f events/s%n", published,
                    v.received / Math.max(published, 1e-3));
            System.out.printf(Locale.ROOT, "CPU over the drain: store %.1f s (%.3f ms per event), PostgreSQL (all) %.1f s"
                            + " (%.3f ms per event), this machine's 2 cores had %.1f s%n",
                    cpuAfter.store() - cpuBefore.store(), (cpuAfter.store() - cpuBefore.store()) * 1e3 / total,
                    cpuAfter.postgres() - cpuBefore.postgres(), (cpuAfter.postgres() - cpuBefore.postgres()) * 1e3 / total,
                    drained * Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "verified: %,d messages, %,d duplicates, %,d foreign, %,d missing%n",
                    v.received, v.duplicates, v.foreign, ids.size());
            return v.duplicates == 0 && v.foreign == 0 && ids.isEmpty() ? 0 : 1;
        }
    }

    /** The run's messages, headers only; removes each expected id from {@code ids} (what is left is missing). */
    private static Verified verify(io.nats.client.Connection nats, String stream, long fromSeq, long toSeq,
                                   Set<String> ids) throws Exception {
        Verified v = new Verified();
        if (toSeq < fromSeq) {
            return v;
        }
        // The ordered consumer's flow control would log a line every second or so.
        java.util.logging.Logger.getLogger("io.nats.client.impl.ErrorListenerLoggerImpl")
                .setLevel(java.util.logging.Level.WARNING);
        JetStream js = nats.jetStream();
        ConsumerConfiguration cc = ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.ByStartSequence)
                .startSequence(fromSeq).headersOnly(true).build();
        JetStreamSubscription sub = js.subscribe(stream + ".>",
                PushSubscribeOptions.builder().stream(stream).ordered(true).configuration(cc).build());
        try {
            Set<String> seen = new HashSet<>();
            long seq = 0;
            while (seq < toSeq) {
                Message m = sub.nextMessage(Duration.ofSeconds(10));
                if (m == null) {
                    break;
                }
                seq = m.metaData().streamSequence();
                ZonedDateTime at = m.metaData().timestamp();
                if (v.first == null) {
                    v.first = at;
                }
                v.last = at;
                v.received++;
                String id = m.getHeaders().getFirst("Nats-Msg-Id");
                if (!ids.remove(id)) {
                    if (seen.contains(id)) {
                        v.duplicates++;
                    } else {
                        v.foreign++;
                    }
                }
                seen.add(id);
            }
        } finally {
            sub.unsubscribe();
        }
        return v;
    }

    private static long count(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement()) {
            return count(s, sql);
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static final class Verified {
        long received;
        long duplicates;
        long foreign;
        ZonedDateTime first;
        ZonedDateTime last;
    }
}

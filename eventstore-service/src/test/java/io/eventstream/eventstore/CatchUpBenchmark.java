package io.eventstream.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.common.eventstore.EventStoreException;
import io.eventstream.common.eventstore.LiveEvents;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.eventstore.read.EventQuery;
import io.eventstream.eventstore.read.EventReader;
import io.eventstream.eventstore.read.StoredEvent;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.proto.eventstore.EventStoreGrpc;
import io.eventstream.proto.eventstore.GetEventsRequest;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * GetEventsStream catch-up speed: a log of {@code bench.events} (100,000) positioned events, then a
 * catch-up read from position 0 (follow = false) over a real gRPC socket, timed, at each
 * {@code eventstream.store.follow-page} of {@code bench.pages} (500, 5000), {@code bench.runs} (3)
 * times each; beside it the reader alone (the SQL and the row mapping, in process, no gRPC), to
 * tell where the time goes. Every run checks it got every position once, in order. Not part of
 * the test suite (the name does not end in Test); run it with
 * {@code mvn -pl eventstore-service -am verify -Dtest=CatchUpBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dbench.events=64000 -Dbench.pages=500,5000 -Dbench.runs=3}).
 */
class CatchUpBenchmark extends EventStoreTestBase {

    private static final String DATA = "{\"order_id\":\"%s\",\"customer_id\":\"c1\",\"status\":\"Pending\","
            + "\"created_on\":\"2026-11-28T04:51:11.629878Z\",\"restaurant_id\":\"r1\",\"amount\":21,"
            + "\"order_items\":[{\"code\":\"p1\",\"name\":\"Pizza\",\"unit_price\":10.5,\"quantity\":2}]}";

    @Test
    void catchUpFromPositionZero() throws Exception {
        int events = Integer.getInteger("bench.events", 100_000);
        int runs = Integer.getInteger("bench.runs", 3);
        // The schema comes from the first instance's migrations; the log is filled once, by SQL, already positioned.
        try (EventStoreInstance first = EventStoreInstance.start(database, stream, "--eventstream.outbox.enabled=false")) {
            fill(events);
        }
        System.out.printf("%nGetEventsStream catch-up from position 0: %,d events, %d cores, %d runs per page size%n",
                events, Runtime.getRuntime().availableProcessors(), runs);
        System.out.printf("%-6s %-10s %12s %12s %12s %12s%n", "page", "run", "stream ev/s", "follow ev/s", "reader ev/s",
                "seconds");
        for (String page : System.getProperty("bench.pages", "500,5000").split(",")) {
            int size = Integer.parseInt(page.trim());
            try (EventStoreInstance store = EventStoreInstance.start(database, stream,
                    "--eventstream.outbox.enabled=false", "--eventstream.store.follow-page=" + size)) {
                List<Double> streamed = new ArrayList<>();
                List<Double> read = new ArrayList<>();
                List<Double> followed = new ArrayList<>();
                for (int run = 1; run <= runs; run++) {
                    double[] s = streamOnce(store, events);
                    double f = followOnce(store, events);
                    double r = readOnce(store.bean(EventReader.class), size, events);
                    streamed.add(s[0]);
                    followed.add(f);
                    read.add(r);
                    System.out.printf("%-6d %-10s %,12.0f %,12.0f %,12.0f %12.2f%n", size, "#" + run, s[0], f, r, s[1]);
                }
                System.out.printf("%-6d %-10s %,12.0f %,12.0f %,12.0f%n", size, "median", median(streamed),
                        median(followed), median(read));
            }
        }
    }

    /** Events per second, and seconds, of one catch-up over gRPC; fails unless every position came once, in order. */
    private static double[] streamOnce(EventStoreInstance store, int events) {
        EventStoreGrpc.EventStoreBlockingStub stub = EventStoreGrpc.newBlockingStub(store.channel())
                .withDeadlineAfter(10, TimeUnit.MINUTES);
        long start = System.nanoTime();
        Iterator<Event> stream = stub.getEventsStream(GetEventsRequest.newBuilder().setFromPosition(0).build());
        long expected = 1;
        while (stream.hasNext()) {
            Event e = stream.next();
            assertThat(e.getPosition()).isEqualTo(expected);
            expected++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(expected - 1).isEqualTo(events);
        return new double[] {events / seconds, seconds};
    }

    /**
     * The services' own way: common's {@link EventStoreClient#follow} (async, follow = true, as the
     * board's feed), timed until it has every event, in order.
     */
    private static double followOnce(EventStoreInstance store, int events) throws InterruptedException {
        EventStoreClient client = new EventStoreClient(store.channel(), Duration.ofSeconds(10));
        CountDownLatch all = new CountDownLatch(1);
        AtomicLong expected = new AtomicLong(1);
        AtomicLong wrong = new AtomicLong();
        long start = System.nanoTime();
        try (LiveEvents live = client.follow(0, new LiveEvents.Listener() {
            @Override
            public void onEvent(Event event) {
                if (event.getPosition() != expected.getAndIncrement()) {
                    wrong.incrementAndGet();
                }
                if (event.getPosition() == events) {
                    all.countDown();
                }
            }

            @Override
            public void onEnd(EventStoreException failure) {
                all.countDown();
            }
        })) {
            assertThat(all.await(10, TimeUnit.MINUTES)).isTrue();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(wrong.get()).isZero();
        assertThat(expected.get() - 1).isEqualTo(events);
        return events / seconds;
    }

    /** The follower's reads alone (SQL and row mapping, no gRPC), page by page as it does them. */
    private static double readOnce(EventReader reader, int page, int events) {
        long start = System.nanoTime();
        long position = 0;
        int count = 0;
        EventQuery query = new EventQuery("", "", 0, page, List.of());
        while (true) {
            List<StoredEvent> read = reader.readPositioned(query.after(position, page));
            count += read.size();
            if (read.isEmpty()) {
                break;
            }
            position = read.get(read.size() - 1).position();
        }
        assertThat(count).isEqualTo(events);
        return events / ((System.nanoTime() - start) / 1e9);
    }

    /** Positioned events as the relay leaves them: an order JSON body, its metadata, versions 1 per aggregate. */
    private void fill(int events) throws Exception {
        try (var c = DriverManager.getConnection(TestInfra.jdbcUrl(database), TestInfra.PG_ADMIN, "");
             var s = c.createStatement()) {
            String body = String.format(DATA, "' || md5(g::text) || '");
            s.executeUpdate("""
                    INSERT INTO events (id, eventtype, aggregateid, aggregatetype, eventdata, stream, version, position,
                                        created_at, payload, metadata)
                    SELECT md5('e' || g), '%1$s.created', md5(g::text), 'order', CAST('%2$s' AS JSONB), '%1$s', 1, g,
                           now() - (%3$d - g) * interval '1 millisecond', '%2$s',
                           jsonb_build_object('Correlation-Id', md5(g::text),
                               'traceparent', '00-' || md5('t' || g) || '-' || substr(md5('s' || g), 1, 16) || '-01')
                    FROM generate_series(1, %3$d) AS g""".formatted(stream, body, events));
            s.executeUpdate("UPDATE log_position SET last_position = " + events + " WHERE id = 1");
            s.execute("ANALYZE events");
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}

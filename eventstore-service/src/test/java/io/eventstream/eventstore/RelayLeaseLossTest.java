package io.eventstream.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.eventstore.outbox.JetStreamPublisher;
import io.eventstream.eventstore.outbox.OutboxProperties;
import io.eventstream.eventstore.outbox.OutboxRelay;
import io.eventstream.eventstore.outbox.OutboxStatistics;
import io.eventstream.eventstore.outbox.OutboxStore;
import io.eventstream.eventstore.outbox.PositionAssigner;
import io.eventstream.eventstore.outbox.RelayLease;
import io.eventstream.eventstore.outbox.Signal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.api.MessageInfo;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay positions events, then loses its lease before its publishing loop sends them (the
 * positioning round stalls past the lease's life, and another instance takes the lease): nothing
 * is published while the other holds it; once the lease is free again the relay takes it back and
 * publishes every event once, in position order. The relay is built by hand around a
 * {@link PositionAssigner} that stalls once, on a real database and a real stream.
 */
class RelayLeaseLossTest extends EventStoreTestBase {

    private static final Duration TTL = Duration.ofMillis(900);

    @Test
    void aLeaseLostBetweenPositioningAndPublishingPublishesNothingUntilItIsHeldAgain() throws Exception {
        try (EventStoreInstance withoutRelay = EventStoreInstance.start(database, stream, "--eventstream.outbox.enabled=false")) {
            for (int i = 0; i < 30; i++) {
                withoutRelay.stub().createEvent(request(event("agg-" + (i % 4), "{\"i\":" + i + "}")));
            }
        }
        DriverManagerDataSource dataSource = new DriverManagerDataSource(TestInfra.jdbcUrl(database), TestInfra.PG_ADMIN, "");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        RelayLease lease = new RelayLease(jdbc, "relay-under-test", TTL);
        AtomicBoolean stolen = new AtomicBoolean();
        PositionAssigner stalling = new PositionAssigner(jdbc, lease) {
            @Override
            public int assignNext(int max) {
                int n = super.assignNext(max);
                if (n > 0 && stolen.compareAndSet(false, true)) {
                    // The round stalls past the lease's life, and another instance takes the lease.
                    sql("UPDATE relay_lease SET owner = 'thief', expires_at = now() + INTERVAL '1 hour'");
                    sleep(TTL.toMillis() * 2 / 3);
                }
                return n;
            }
        };
        OutboxProperties props = new OutboxProperties(true, 500, Duration.ofMillis(100), Duration.ofMillis(100), TTL,
                Duration.ofSeconds(2), "relay-under-test", Duration.ofMillis(5));
        OutboxRelay relay = new OutboxRelay(props, lease, stalling, new OutboxStore(jdbc),
                new JetStreamPublisher(nats.jetStream(), props.publishTimeout()),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)), new Signal(), new Signal(),
                new SimpleMeterRegistry(), OutboxStatistics.of(jdbc));
        relay.start();
        try {
            long deadline = System.currentTimeMillis() + 10_000;
            while (!stolen.get()) {
                assertThat(System.currentTimeMillis()).as("a positioning round").isLessThan(deadline);
                Thread.sleep(10);
            }
            Thread.sleep(1_500);
            assertThat(query("SELECT count(*) FROM outbox WHERE position IS NOT NULL")).as("positioned").isEqualTo(30);
            assertThat(StreamReader.count(nats, stream)).as("published without the lease").isZero();

            sql("DELETE FROM relay_lease WHERE owner = 'thief'");
            StreamReader.awaitCount(nats, stream, 30, 15_000);
            Thread.sleep(300);
            List<MessageInfo> messages = StreamReader.all(nats, stream);
            assertThat(messages.stream().map(m -> Long.parseLong(StreamReader.header(m, EventHeaders.POSITION))).toList())
                    .isEqualTo(LongStream.rangeClosed(1, 30).boxed().toList());
            assertThat(messages.stream().map(m -> StreamReader.header(m, EventHeaders.MSG_ID)).collect(Collectors.toSet()))
                    .hasSize(30);
        } finally {
            relay.stop();
        }
        assertThat(query("SELECT count(*) FROM outbox")).as("acked rows deleted").isZero();
        assertThat(query("SELECT count(*) FROM relay_lease")).as("released").isZero();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.eventstream.querymodel.hourly;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.replay.LoggedEvents;
import io.eventstream.common.replay.ReplayProgress;
import io.eventstream.common.testing.FollowableLog;
import io.eventstream.proto.eventstore.Event;
import io.eventstream.querymodel.OrdersDatabase;
import io.eventstream.querymodel.jdbc.JdbcReadModel;
import io.eventstream.querymodel.jdbc.ReadModelComparison;
import io.eventstream.querymodel.jdbc.ReadModelGenerations;
import io.eventstream.querymodel.jdbc.SwitchMethod;
import io.eventstream.querymodel.jdbc.Transactions;
import io.eventstream.querymodel.messaging.OrderEventHandler;
import io.eventstream.querymodel.messaging.OrderEventTranslator;
import io.eventstream.querymodel.rebuild.ReadModelCheck;
import io.eventstream.querymodel.rebuild.ReadModelRebuild;
import io.eventstream.querymodel.rebuild.RebuildProperties;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A new view back-filled from the log: ordersdb as a worker from before restaurant_hourly left it
 * (the orders projected, db/orders V4 applied on top: the table empty, no order counted), then
 * {@code --rebuild}, in process, through the same machinery the command runs (a real socket to the
 * log, real PostgreSQL). Before: {@code --verify} reports the missing rows. After: the table is what
 * the log implies, {@code --verify} finds nothing, and the live path goes on counting in the new tables.
 */
class RestaurantHourlyBackfillTest {

    private static final OrderEventTypes TYPES = new OrderEventTypes("ORDERS");

    private final OrdersDatabase database = OrdersDatabase.migrated("qmbackfill", 4);
    private final HikariDataSource data = database.data();
    private final FollowableLog log = FollowableLog.plaintext();
    private final ManagedChannel channel =
            Grpc.newChannelBuilderForAddress("127.0.0.1", log.port(), InsecureChannelCredentials.create()).build();
    private final EventStoreClient store = new EventStoreClient(channel, Duration.ofSeconds(10));
    private final String prefix = UUID.randomUUID().toString().substring(0, 8) + "-";
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @AfterEach
    void tearDown() throws Exception {
        channel.shutdownNow();
        log.close();
        database.close();
    }

    @Test
    void aRebuildBackFillsTheNewTableFromTheLog() throws Exception {
        HourlyOrders orders = HourlyOrders.generate(prefix, 60, new Random(7));
        OrderEventHandler live = new OrderEventHandler(new OrderEventTranslator(TYPES),
                new JdbcReadModel(new Transactions(data)));
        for (HourlyOrders.Step step : orders.log(new Random(8))) {
            Event event = log.append(TYPES.stream() + "." + step.name(), step.orderId(), step.version(), step.body(),
                    HourlyOrders.T0.plusSeconds(step.version()));
            live.handle(LoggedEvents.received(event));
        }
        forgetTheNewView();
        assertThat(orders.rows(data, "restaurant_hourly")).isEmpty();

        List<ReadModelComparison.Difference> before = check().verify();
        assertThat(before).isNotEmpty().allMatch(d -> d.table().equals("restaurant_hourly") && d.onlyIn().equals("the log"));

        ReadModelRebuild.Result result = new ReadModelRebuild(store, new Transactions(data), new ReadModelGenerations(data),
                new OrderEventTranslator(TYPES), props(), SwitchMethod.RENAME, this::progress, out).rebuild();

        assertThat(result.generation()).isEqualTo(2);
        assertThat(orders.rows(data, "restaurant_hourly")).isEqualTo(orders.expectedRows());
        assertThat(check().verify()).isEmpty();
        assertThat(new ReadModelGenerations(data).leftovers()).isEmpty();

        // The live path counts in the rebuilt table: a new order and its approval, then the approval again.
        String orderId = prefix + "late";
        String created = """
                {"order_id":"%s","customer_id":"c1","restaurant_id":"%sr0","amount":5,"status":"Pending",\
                "created_on":"2024-05-01T10:30:00Z","order_items":[{"code":"p1","name":"Pizza","unit_price":5,"quantity":1}]}"""
                .formatted(orderId, prefix);
        live.handle(LoggedEvents.received(log.append(TYPES.stream() + ".created", orderId, 1, created, HourlyOrders.T0)));
        Event approved = log.append(TYPES.stream() + ".approved", orderId, 2, "", HourlyOrders.T0);
        live.handle(LoggedEvents.received(approved));
        live.handle(LoggedEvents.received(approved));
        assertThat(orders.rows(data, "restaurant_hourly"))
                .contains(orders.expectedRows().get(0)
                        .replaceFirst("placed=(\\d+) approved=(\\d+) revenue=(\\S+)", "") + bumped(orders.expectedRows().get(0)));
        assertThat(check().verify()).isEmpty();
    }

    /** The first expected row (restaurant r0, 10:00) with one more placed and approved order of 5.00. */
    private static String bumped(String row) {
        String[] parts = row.split(" ");
        long placed = Long.parseLong(parts[2].substring("placed=".length())) + 1;
        long approved = Long.parseLong(parts[3].substring("approved=".length())) + 1;
        java.math.BigDecimal revenue = new java.math.BigDecimal(parts[4].substring("revenue=".length()))
                .add(new java.math.BigDecimal("5.00"));
        return "placed=" + placed + " approved=" + approved + " revenue=" + revenue.toPlainString();
    }

    /** What V4 leaves in a database a worker without restaurant_hourly kept: the table empty, no order counted. */
    private void forgetTheNewView() throws Exception {
        try (Connection c = data.getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM restaurant_hourly");
            s.execute("UPDATE orders SET hourly_placed = false, hourly_approved = false");
        }
    }

    private ReadModelCheck check() {
        return new ReadModelCheck(store, new Transactions(data), new ReadModelGenerations(data),
                new ReadModelComparison(data), new OrderEventTranslator(TYPES), props(), this::progress, out);
    }

    private ReplayProgress progress() {
        return new ReplayProgress("read-model", new SimpleMeterRegistry(), out, false);
    }

    private static RebuildProperties props() {
        return new RebuildProperties(50, 1, Duration.ofMillis(10), 100, "none", 0);
    }
}

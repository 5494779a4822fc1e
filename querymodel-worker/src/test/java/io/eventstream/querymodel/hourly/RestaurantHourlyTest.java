package io.eventstream.querymodel.hourly;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.eventstream.common.consumer.EventSpans;
import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.querymodel.OrdersDatabase;
import io.eventstream.querymodel.StoredOrderEvents;
import io.eventstream.querymodel.jdbc.JdbcReadModel;
import io.eventstream.querymodel.jdbc.Transactions;
import io.eventstream.querymodel.messaging.OrderEventHandler;
import io.eventstream.querymodel.messaging.OrderEventTranslator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * restaurant_hourly on the live path (real PostgreSQL, the worker's handler): whatever order the
 * events arrive in, however often, one by one or in batches handled at once, each order counts once
 * as placed and, Approved, once with its amount.
 */
class RestaurantHourlyTest {

    private static final OrderEventTypes TYPES = new OrderEventTypes("ORDERS");

    private static OrdersDatabase database;
    private static HikariDataSource data;

    private final StoredOrderEvents events = new StoredOrderEvents(TYPES);
    private final String prefix = UUID.randomUUID().toString().substring(0, 8) + "-";

    @BeforeAll
    static void createDatabase() {
        database = OrdersDatabase.migrated("qmhourly", 4);
        data = database.data();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void inStreamOrderEachOrderCountsOnce() throws Exception {
        HourlyOrders orders = HourlyOrders.generate(prefix, 24, new Random(1));
        OrderEventHandler handler = handler();

        orders.log(new Random(2)).forEach(step -> handler.handle(received(step)));

        assertThat(orders.rows(data, "restaurant_hourly")).isEqualTo(orders.expectedRows())
                .anyMatch(row -> row.contains(" approved=1 revenue=10.25")); // approvals count, with their amount
    }

    @Test
    void redeliveredAndOutOfOrderEventsOneByOneCountEachOrderOnce() throws Exception {
        HourlyOrders orders = HourlyOrders.generate(prefix, 40, new Random(3));
        OrderEventHandler handler = handler();

        List<HourlyOrders.Step> deliveries = orders.deliveries(new Random(4));
        deliveries.forEach(step -> handler.handle(received(step)));
        assertThat(orders.rows(data, "restaurant_hourly")).isEqualTo(orders.expectedRows());

        // Everything once more (a consumer restarted from the start): nothing changes.
        deliveries.forEach(step -> handler.handle(received(step)));
        assertThat(orders.rows(data, "restaurant_hourly")).isEqualTo(orders.expectedRows());
    }

    @Test
    void redeliveredAndOutOfOrderEventsInBatchesOnFourThreadsCountEachOrderOnce() throws Exception {
        HourlyOrders orders = HourlyOrders.generate(prefix, 120, new Random(5));
        OrderEventHandler handler = handler();
        Random random = new Random(6);
        List<HourlyOrders.Step> deliveries = orders.deliveries(random);
        List<List<ReceivedEvent>> batches = new ArrayList<>();
        for (int from = 0; from < deliveries.size(); ) {
            int to = Math.min(deliveries.size(), from + 1 + random.nextInt(64));
            batches.add(deliveries.subList(from, to).stream().map(this::received).toList());
            from = to;
        }

        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (List<ReceivedEvent> batch : batches) {
                running.add(threads.submit(() -> handler.handleAll(batch, EventSpans.none())));
            }
            for (Future<?> batch : running) {
                batch.get();
            }
        } finally {
            threads.shutdown();
        }

        assertThat(orders.rows(data, "restaurant_hourly")).isEqualTo(orders.expectedRows());
    }

    private OrderEventHandler handler() {
        return new OrderEventHandler(new OrderEventTranslator(TYPES), new JdbcReadModel(new Transactions(data)));
    }

    /** As the consumer receives it, with the event store's headers. */
    private ReceivedEvent received(HourlyOrders.Step step) {
        return events.event(step.name(), step.orderId(), step.version(), step.body());
    }
}

package io.eventstream.querymodel.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.eventstream.common.consumer.ReceivedEvent;
import io.eventstream.common.events.EventHeaders;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.events.upcast.SchemaVersions;
import io.eventstream.common.testing.TestInfra;
import io.eventstream.querymodel.jdbc.JdbcReadModel;
import io.eventstream.querymodel.jdbc.Transactions;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A log migrated from the original (its bodies as the original wrote them and PostgreSQL's JSONB
 * kept them, no Schema-Version) replays to the same read model, row for row, as the same orders
 * written by this port today (Schema-Version 2): common's upcasting in the projection's one read.
 */
class OriginalLogReplayTest {

    private static final OrderEventTypes TYPES = new OrderEventTypes("ORDERS");
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private final String originalDatabase = TestInfra.createDatabase("qmoriginal");
    private final String oursDatabase = TestInfra.createDatabase("qmours");
    private final HikariDataSource original = migrated(originalDatabase);
    private final HikariDataSource ours = migrated(oursDatabase);

    @AfterEach
    void tearDown() {
        original.close();
        ours.close();
        TestInfra.dropDatabase(originalDatabase);
        TestInfra.dropDatabase(oursDatabase);
    }

    @Test
    void theOriginalsLogReplaysToTheSameReadModelAsOurs() throws Exception {
        OrderEventHandler originalReplay = new OrderEventHandler(new OrderEventTranslator(TYPES),
                new JdbcReadModel(new Transactions(original)));
        OrderEventHandler oursReplay = new OrderEventHandler(new OrderEventTranslator(TYPES),
                new JdbcReadModel(new Transactions(ours)));

        // Approved, as the original writes it: "amount":21, nanoseconds and a local offset, a debit
        // without RestaurantID, an empty approval.
        originalReplay.handle(event("created", "o-1", 1, null, """
                {"order_id":"o-1","customer_id":"c1","status":"Pending","created_on":"2024-05-01T12:30:15.123456389+02:00",\
                "restaurant_id":"r1","amount":21,"order_items":[{"code":"p1","name":"Pizza","unit_price":10.5,"quantity":2}]}"""));
        originalReplay.handle(event("paymentdebited", "o-1", 2, null, "{\"OrderID\":\"o-1\",\"CustomerID\":\"c1\",\"Amount\":21}"));
        originalReplay.handle(event("approved", "o-1", 3, null, ""));
        // As JSONB kept it (keys by length), a float sum of the lines, and a Go writer's casing.
        originalReplay.handle(event("created", "o-2", 1, null, """
                {"amount": 0.30000000000000004, "status": "Pending", "order_id": "o-2", "created_on": "2024-05-01T10:30:15Z",\
                 "customer_id": "c2", "order_items": [{"code": "a", "name": "A", "quantity": 1, "unit_price": 0.1},\
                 {"code": "b", "name": "B", "quantity": 1, "unit_price": 0.2}], "restaurant_id": "r2"}"""));
        originalReplay.handle(event("paymentdebited", "o-2", 2, null, "{\"orderId\":\"o-2\",\"customerid\":\"c2\",\"amount\":0.3}"));
        originalReplay.handle(event("created", "o-3", 1, null, """
                {"Order_ID":"o-3","Customer_ID":"c3","Status":"Pending","Created_On":"2024-05-01T10:30:15Z",\
                "Restaurant_ID":"r3","Amount":10.5,"Order_Items":[{"Code":"p1","Name":"Pizza","Unit_Price":10.5,"Quantity":1}]}"""));

        String v2 = SchemaVersions.currentText(io.eventstream.common.events.OrderEventKind.CREATED);
        oursReplay.handle(event("created", "o-1", 1, v2, """
                {"order_id":"o-1","customer_id":"c1","status":"Pending","created_on":"2024-05-01T10:30:15.123456Z",\
                "restaurant_id":"r1","amount":21.0,"order_items":[{"code":"p1","name":"Pizza","unit_price":10.5,"quantity":2}]}"""));
        oursReplay.handle(event("paymentdebited", "o-1", 2, v2,
                "{\"OrderID\":\"o-1\",\"CustomerID\":\"c1\",\"Amount\":21,\"RestaurantID\":\"r1\"}"));
        oursReplay.handle(event("approved", "o-1", 3, v2, ""));
        oursReplay.handle(event("created", "o-2", 1, v2, """
                {"order_id":"o-2","customer_id":"c2","status":"Pending","created_on":"2024-05-01T10:30:15Z",\
                "restaurant_id":"r2","amount":0.3,"order_items":[{"code":"a","name":"A","unit_price":0.1,"quantity":1},\
                {"code":"b","name":"B","unit_price":0.2,"quantity":1}]}"""));
        oursReplay.handle(event("paymentdebited", "o-2", 2, v2,
                "{\"OrderID\":\"o-2\",\"CustomerID\":\"c2\",\"Amount\":0.3,\"RestaurantID\":\"r2\"}"));

        oursReplay.handle(event("created", "o-3", 1, v2, """
                {"order_id":"o-3","customer_id":"c3","status":"Pending","created_on":"2024-05-01T10:30:15Z",\
                "restaurant_id":"r3","amount":10.5,"order_items":[{"code":"p1","name":"Pizza","unit_price":10.5,"quantity":1}]}"""));

        List<String> expected = dump(ours);
        assertThat(expected).contains("order o-1 c1 Approved v3 21.00 r1 2024-05-01 10:30:15.123456",
                "order o-2 c2 PaymentDebited v2 0.30 r2 2024-05-01 10:30:15.000000");
        assertThat(dump(original)).isEqualTo(expected);
    }

    /** As the event store publishes a stored event; {@code schemaVersion} null: none in its metadata. */
    private static ReceivedEvent event(String name, String orderId, long version, String schemaVersion, String body) {
        String type = TYPES.stream() + "." + name;
        String eventId = orderId + "/" + version;
        Headers headers = new Headers()
                .put(EventHeaders.MSG_ID, eventId)
                .put(EventHeaders.EVENT_ID, eventId)
                .put(EventHeaders.EVENT_TYPE, type)
                .put(EventHeaders.AGGREGATE_ID, orderId)
                .put(EventHeaders.AGGREGATE_VERSION, Long.toString(version))
                .put(EventHeaders.CREATED_AT, T0.plusSeconds(version).toString());
        if (schemaVersion != null) {
            headers.put(SchemaVersions.KEY, schemaVersion);
        }
        return new ReceivedEvent(type, eventId, orderId, version, body.getBytes(StandardCharsets.UTF_8), headers, 1, version);
    }

    private static HikariDataSource migrated(String database) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(TestInfra.jdbcUrl(database));
        dataSource.setUsername(TestInfra.PG_ADMIN);
        dataSource.setMaximumPoolSize(2);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/orders").load().migrate();
        return dataSource;
    }

    /** Every row of orders, items and history (all columns but updated_at). */
    private static List<String> dump(HikariDataSource dataSource) throws Exception {
        List<String> rows = new ArrayList<>();
        try (var c = dataSource.getConnection(); var s = c.createStatement()) {
            for (String sql : List.of("""
                    SELECT 'order ' || id || ' ' || customerid || ' ' || status || ' v' || last_version || ' ' || amount
                        || ' ' || restaurantid || ' ' || to_char(createdon AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')
                    FROM orders ORDER BY id""", """
                    SELECT 'item ' || id || ' ' || orderid || ' ' || customerid || ' ' || code || ' ' || name || ' '
                        || unitprice || ' x' || quantity FROM orderitems ORDER BY id""", """
                    SELECT 'history ' || orderid || ' ' || version || ' ' || status || ' ' || coalesce(reason, 'null')
                        || ' ' || event_id || ' ' || event_type FROM order_status_history ORDER BY orderid, version""")) {
                try (ResultSet rs = s.executeQuery(sql)) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
            }
        }
        return rows;
    }
}

package io.eventstream.querymodel.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventstream.common.events.OrderEventKind;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.events.upcast.SchemaVersions;
import io.eventstream.querymodel.OrdersDatabase;
import io.eventstream.querymodel.StoredOrderEvents;
import io.eventstream.querymodel.jdbc.JdbcReadModel;
import io.eventstream.querymodel.jdbc.Transactions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A log migrated from the original (its bodies as the original wrote them and PostgreSQL's JSONB
 * kept them, no Schema-Version) replays to the same read model, row for row, as the same orders
 * written by this port today (Schema-Version 2): common's upcasting in the projection's one read.
 */
class OriginalLogReplayTest {

    private static final OrderEventTypes TYPES = new OrderEventTypes("ORDERS");

    private final OrdersDatabase original = OrdersDatabase.migrated("qmoriginal", 2);
    private final OrdersDatabase ours = OrdersDatabase.migrated("qmours", 2);
    private final StoredOrderEvents events = new StoredOrderEvents(TYPES);

    @AfterEach
    void tearDown() {
        original.close();
        ours.close();
    }

    @Test
    void theOriginalsLogReplaysToTheSameReadModelAsOurs() throws Exception {
        OrderEventHandler originalReplay = new OrderEventHandler(new OrderEventTranslator(TYPES),
                new JdbcReadModel(new Transactions(original.data())));
        OrderEventHandler oursReplay = new OrderEventHandler(new OrderEventTranslator(TYPES),
                new JdbcReadModel(new Transactions(ours.data())));

        // Approved, as the original writes it: "amount":21, nanoseconds and a local offset, a debit
        // without RestaurantID, an empty approval.
        originalReplay.handle(events.event("created", "o-1", 1, null, """
                {"order_id":"o-1","customer_id":"c1","status":"Pending","created_on":"2024-05-01T12:30:15.123456389+02:00",\
                "restaurant_id":"r1","amount":21,"order_items":[{"code":"p1","name":"Pizza","unit_price":10.5,"quantity":2}]}"""));
        originalReplay.handle(events.event("paymentdebited", "o-1", 2, null, "{\"OrderID\":\"o-1\",\"CustomerID\":\"c1\",\"Amount\":21}"));
        originalReplay.handle(events.event("approved", "o-1", 3, null, ""));
        // As JSONB kept it (keys by length), a float sum of the lines, and a Go writer's casing.
        originalReplay.handle(events.event("created", "o-2", 1, null, """
                {"amount": 0.30000000000000004, "status": "Pending", "order_id": "o-2", "created_on": "2024-05-01T10:30:15Z",\
                 "customer_id": "c2", "order_items": [{"code": "a", "name": "A", "quantity": 1, "unit_price": 0.1},\
                 {"code": "b", "name": "B", "quantity": 1, "unit_price": 0.2}], "restaurant_id": "r2"}"""));
        originalReplay.handle(events.event("paymentdebited", "o-2", 2, null, "{\"orderId\":\"o-2\",\"customerid\":\"c2\",\"amount\":0.3}"));
        originalReplay.handle(events.event("created", "o-3", 1, null, """
                {"Order_ID":"o-3","Customer_ID":"c3","Status":"Pending","Created_On":"2024-05-01T10:30:15Z",\
                "Restaurant_ID":"r3","Amount":10.5,"Order_Items":[{"Code":"p1","Name":"Pizza","Unit_Price":10.5,"Quantity":1}]}"""));

        String v2 = SchemaVersions.currentText(OrderEventKind.CREATED);
        oursReplay.handle(events.event("created", "o-1", 1, v2, """
                {"order_id":"o-1","customer_id":"c1","status":"Pending","created_on":"2024-05-01T10:30:15.123456Z",\
                "restaurant_id":"r1","amount":21.0,"order_items":[{"code":"p1","name":"Pizza","unit_price":10.5,"quantity":2}]}"""));
        oursReplay.handle(events.event("paymentdebited", "o-1", 2, v2,
                "{\"OrderID\":\"o-1\",\"CustomerID\":\"c1\",\"Amount\":21,\"RestaurantID\":\"r1\"}"));
        oursReplay.handle(events.event("approved", "o-1", 3, v2, ""));
        oursReplay.handle(events.event("created", "o-2", 1, v2, """
                {"order_id":"o-2","customer_id":"c2","status":"Pending","created_on":"2024-05-01T10:30:15Z",\
                "restaurant_id":"r2","amount":0.3,"order_items":[{"code":"a","name":"A","unit_price":0.1,"quantity":1},\
                {"code":"b","name":"B","unit_price":0.2,"quantity":1}]}"""));
        oursReplay.handle(events.event("paymentdebited", "o-2", 2, v2,
                "{\"OrderID\":\"o-2\",\"CustomerID\":\"c2\",\"Amount\":0.3,\"RestaurantID\":\"r2\"}"));

        oursReplay.handle(events.event("created", "o-3", 1, v2, """
                {"order_id":"o-3","customer_id":"c3","status":"Pending","created_on":"2024-05-01T10:30:15Z",\
                "restaurant_id":"r3","amount":10.5,"order_items":[{"code":"p1","name":"Pizza","unit_price":10.5,"quantity":1}]}"""));

        List<String> expected = ReadModelRows.of(ours.data(), "o-");
        assertThat(expected).contains(
                "order o-1 c1 Approved v3 reason=null amount=21.00 restaurant=r1 created=2024-05-01 10:30:15.123456",
                "order o-2 c2 PaymentDebited v2 reason=null amount=0.30 restaurant=r2 created=2024-05-01 10:30:15.000000");
        assertThat(ReadModelRows.of(original.data(), "o-")).isEqualTo(expected);
    }
}

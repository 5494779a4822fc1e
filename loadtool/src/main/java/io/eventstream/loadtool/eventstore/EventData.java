package io.eventstream.loadtool.eventstore;

/** The body of a bench event: an order-created body of the usual size, the same for pgbench and CreateEvent. */
final class EventData {

    static final String JSON = "{\"order_id\":\"5f0c2b1e-6a53-4d8e-9b1a-3f7a9f1c2d4e\",\"customer_id\":\"load-customer-7\","
            + "\"status\":\"Pending\",\"created_on\":\"2026-01-01T12:00:00.000000Z\",\"restaurant_id\":\"load-restaurant-3\","
            + "\"amount\":41.5,\"order_items\":[{\"code\":\"p1\",\"name\":\"Pizza\",\"unit_price\":10.5,\"quantity\":2},"
            + "{\"code\":\"p4\",\"name\":\"Curry\",\"unit_price\":20.5,\"quantity\":1}]}";

    private EventData() {
    }
}

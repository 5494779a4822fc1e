package io.eventstream.bootstrapper;

import java.util.List;
import java.util.Locale;

/**
 * A database the system owns and the classpath location (in the {@code schema} module) of
 * its Flyway migrations.
 *
 * @param key             short name: gives the flag {@code --<key>-db} and the variable {@code <KEY>_DB}
 * @param defaultDatabase the database name used when neither flag nor variable is set
 * @param location        classpath folder of the migrations
 */
public record SchemaTarget(String key, String defaultDatabase, String location) {

    /**
     * Every database the bootstrapper creates and migrates, in this order. The one place to
     * add a database: e.g. {@code new SchemaTarget("payments", "paymentsdb", "db/payments")}.
     */
    public static final List<SchemaTarget> ALL = List.of(
            new SchemaTarget("eventstore", "eventstoredb", "db/eventstore"),
            new SchemaTarget("orders", "ordersdb", "db/orders"),
            new SchemaTarget("payments", "paymentsdb", "db/payments"),
            new SchemaTarget("saga", "sagadb", "db/saga"));

    public String flag() {
        return "--" + key + "-db";
    }

    public String envVariable() {
        return key.toUpperCase(Locale.ROOT) + "_DB";
    }

    public String flywayLocation() {
        return "classpath:" + location;
    }
}

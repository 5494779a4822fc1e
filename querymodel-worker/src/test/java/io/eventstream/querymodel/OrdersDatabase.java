package io.eventstream.querymodel;

import com.zaxxer.hikari.HikariDataSource;
import io.eventstream.common.testing.TestInfra;
import org.flywaydb.core.Flyway;

/** A database of its own on the real PostgreSQL, migrated as ordersdb (db/orders), dropped on close. */
public final class OrdersDatabase implements AutoCloseable {

    private final String name;
    private final HikariDataSource data;

    private OrdersDatabase(String name, HikariDataSource data) {
        this.name = name;
        this.data = data;
    }

    /** A new database named after {@code prefix}, with a pool of {@code connections}. */
    public static OrdersDatabase migrated(String prefix, int connections) {
        return migrated(prefix, connections, null);
    }

    /** The same, each connection first running {@code connectionInitSql} (null: nothing). */
    public static OrdersDatabase migrated(String prefix, int connections, String connectionInitSql) {
        String name = TestInfra.createDatabase(prefix);
        HikariDataSource data = new HikariDataSource();
        data.setJdbcUrl(TestInfra.jdbcUrl(name));
        data.setUsername(TestInfra.PG_ADMIN);
        data.setMaximumPoolSize(connections);
        data.setConnectionInitSql(connectionInitSql);
        Flyway.configure().dataSource(data).locations("classpath:db/orders").load().migrate();
        return new OrdersDatabase(name, data);
    }

    public HikariDataSource data() {
        return data;
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        data.close();
        TestInfra.dropDatabase(name);
    }
}

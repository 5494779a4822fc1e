package io.eventstream.e2e;

import io.eventstream.common.testing.TestInfra;
import java.sql.DriverManager;

/**
 * The row count of a suite's event store table. The bad-input cases, HTTP and gRPC alike, judge
 * "stored nothing" by it, read from PostgreSQL directly rather than through a service under test
 * (which could answer a clean error and still have written).
 */
final class StoredEvents {

    private StoredEvents() {
    }

    static long count(Suite suite) {
        try (var c = DriverManager.getConnection(TestInfra.jdbcUrl(suite.eventstoreDb), TestInfra.PG_ADMIN, "");
             var s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM events")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

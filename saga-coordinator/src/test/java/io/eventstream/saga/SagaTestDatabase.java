package io.eventstream.saga;

import com.zaxxer.hikari.HikariDataSource;
import io.eventstream.common.testing.TestInfra;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A test's own sagadb on real PostgreSQL, pooled and migrated by the coordinator's own Flyway
 * migrations, for the tests that drive its JDBC code without the application (the batch saga's
 * world, the rebuild's fixture): one set-up, so that the schema they test is always the shipped one.
 */
public final class SagaTestDatabase {

    private SagaTestDatabase() {
    }

    /** Points the pool at {@code database}, migrates it and returns a template on it. */
    public static JdbcTemplate migrated(HikariDataSource dataSource, String database) {
        dataSource.setJdbcUrl(TestInfra.jdbcUrl(database));
        dataSource.setUsername(TestInfra.PG_ADMIN);
        dataSource.setPassword("");
        dataSource.setMaximumPoolSize(4);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/saga").load().migrate();
        return new JdbcTemplate(dataSource);
    }
}

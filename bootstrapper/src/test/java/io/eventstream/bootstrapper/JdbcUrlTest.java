package io.eventstream.bootstrapper;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdbcUrlTest {

    @Test
    void swapsTheDatabaseAndKeepsTheParameters() {
        JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://db1:26257,db2:26257/defaultdb?sslmode=disable&password=x");

        assertThat(url.withDatabase("ordersdb").url())
                .isEqualTo("jdbc:postgresql://db1:26257,db2:26257/ordersdb?sslmode=disable&password=x");
        assertThat(url.toString()).doesNotContain("password");
        assertThat(url.server()).isEqualTo("db1:26257,db2:26257");
    }

    @Test
    void addsDefaultsOnlyWhereTheUrlIsSilent() {
        JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://localhost?connectTimeout=30");

        assertThat(url.database()).isEqualTo("postgres");
        assertThat(url.server()).isEqualTo("localhost:5432");
        assertThat(url.withDefault("connectTimeout", "5").withDefault("loginTimeout", "5").url())
                .isEqualTo("jdbc:postgresql://localhost/postgres?connectTimeout=30&loginTimeout=5");
    }
}

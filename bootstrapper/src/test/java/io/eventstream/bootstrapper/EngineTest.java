package io.eventstream.bootstrapper;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The statements per engine; the PostgreSQL ones also run for real in BootstrapperTest. */
class EngineTest {

    @Test
    void detectsTheEngineFromItsVersionString() {
        assertThat(Engine.fromVersion("CockroachDB CCL v23.1.11 (x86_64-pc-linux-gnu, built 2023/09/27)"))
                .isEqualTo(Engine.COCKROACHDB);
        assertThat(Engine.fromVersion("PostgreSQL 15.20 (Debian 15.20-0+deb12u1) on x86_64-pc-linux-gnu"))
                .isEqualTo(Engine.POSTGRESQL);
    }

    @Test
    void cockroachDbCreatesWithIfNotExistsAndTakesThePasswordInline() {
        assertThat(Engine.COCKROACHDB.createUser("shijuvar", null))
                .isEqualTo("CREATE USER IF NOT EXISTS shijuvar WITH LOGIN NOCREATEDB NOCREATEROLE");
        assertThat(Engine.COCKROACHDB.createUser("shijuvar", "it's"))
                .isEqualTo("CREATE USER IF NOT EXISTS shijuvar WITH LOGIN NOCREATEDB NOCREATEROLE PASSWORD 'it''s'");
        assertThat(Engine.COCKROACHDB.createDatabase("ordersdb", "shijuvar"))
                .isEqualTo("CREATE DATABASE IF NOT EXISTS ordersdb");
        assertThat(Engine.COCKROACHDB.dropDatabase("ordersdb")).isEqualTo("DROP DATABASE IF EXISTS ordersdb CASCADE");
    }

    @Test
    void postgresqlCreatesAnOwnedDatabaseAndALoginRoleWithoutInlinePassword() {
        assertThat(Engine.POSTGRESQL.createUser("shijuvar", "secret"))
                .isEqualTo("CREATE ROLE shijuvar LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE");
        assertThat(Engine.POSTGRESQL.createDatabase("ordersdb", "shijuvar"))
                .isEqualTo("CREATE DATABASE ordersdb OWNER shijuvar");
        assertThat(Engine.POSTGRESQL.dropDatabase("ordersdb"))
                .isEqualTo("DROP DATABASE IF EXISTS ordersdb WITH (FORCE)");
    }

    @Test
    void grantsAreTheSameOnBoth() {
        for (Engine engine : Engine.values()) {
            assertThat(engine.grants("ordersdb", "shijuvar")).containsExactly("GRANT ALL ON DATABASE ordersdb TO shijuvar");
            assertThat(engine.schemaGrants("shijuvar")).containsExactly("GRANT USAGE, CREATE ON SCHEMA public TO shijuvar");
        }
    }
}

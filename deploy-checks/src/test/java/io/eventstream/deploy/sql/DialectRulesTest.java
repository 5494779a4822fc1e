package io.eventstream.deploy.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.sf.jsqlparser.statement.Statement;
import org.junit.jupiter.api.Test;

/** Each rule fires on a statement that breaks it (our own earlier ones where we had them) and not on its fix. */
class DialectRulesTest {

    /** The append statement as it was: the outbox CTE without RETURNING, which CockroachDB refuses. */
    private static final String OLD_APPEND = """
            WITH stored AS (
                INSERT INTO events (id, version) SELECT b.id, 1 FROM unnest(?, ?) AS b(id, expected)
                ON CONFLICT DO NOTHING
                RETURNING id, version
            ), queued AS (
                INSERT INTO outbox (event_id) SELECT id FROM stored
            )
            SELECT id, version FROM stored""";

    @Test
    void theParserReadsThePostgresqlFormsWeUse() {
        for (String sql : List.of(
                "SELECT b.id FROM unnest(?, ?, ?) AS b(id, eventtype, expected)",
                "SELECT b.id, cur.v FROM unnest(?) AS b(id) CROSS JOIN LATERAL (SELECT COALESCE(MAX(e.version), 0) AS v"
                        + " FROM events e WHERE e.aggregateid = b.id) AS cur",
                "INSERT INTO relay_lease (name, owner) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET owner = excluded.owner"
                        + " WHERE relay_lease.owner = excluded.owner OR relay_lease.expires_at < now()",
                "UPDATE outbox SET position = n.position FROM numbered n WHERE outbox.event_id = n.event_id",
                "SELECT last_position FROM log_position WHERE id = 1 FOR UPDATE",
                "INSERT INTO events (eventdata) VALUES (CAST(? AS JSONB))",
                "SELECT id FROM unnest(?::text[]) AS claimed(id)",
                OLD_APPEND)) {
            assertThat(parse(sql)).as(sql).isNotNull();
        }
        assertThat(Modifications.of(parse(OLD_APPEND))).containsExactly(
                new Modifications("stored", "events", false, true), new Modifications("queued", "outbox", true, false));
    }

    @Test
    void aDataModifyingCteWithoutReturningIsRefused() {
        DialectRule rule = new ModifyingCteReturns();
        assertThat(violations(rule, OLD_APPEND)).containsExactly("CTE queued modifies outbox without RETURNING");
        assertThat(violations(rule, "WITH s AS (UPDATE saga_orders SET state = ? WHERE order_id = ?) SELECT 1"))
                .containsExactly("CTE s modifies saga_orders without RETURNING");
        assertThat(violations(rule, "WITH d AS (DELETE FROM outbox WHERE event_id = ?) SELECT 1")).hasSize(1);
        assertThat(violations(rule, OLD_APPEND.replace("SELECT id FROM stored\n", "SELECT id FROM stored RETURNING event_id\n")))
                .isEmpty();
    }

    @Test
    void aTableModifiedTwiceInOneStatementIsRefused() {
        DialectRule rule = new OneModificationPerTable();
        assertThat(violations(rule, """
                WITH a AS (UPDATE outbox SET position = 1 WHERE event_id = ? RETURNING event_id)
                UPDATE outbox SET position = 2 WHERE event_id = ?""")).containsExactly("outbox is modified 2 times");
        assertThat(violations(rule, """
                WITH a AS (INSERT INTO orders (id) VALUES (?) ON CONFLICT (id) DO NOTHING RETURNING id)
                DELETE FROM orders WHERE id = ?""")).containsExactly("orders is modified 2 times");
        // CockroachDB allows several plain INSERTs into one table.
        assertThat(violations(rule, "WITH a AS (INSERT INTO t (id) VALUES (1) RETURNING id) INSERT INTO t (id) VALUES (2)"))
                .isEmpty();
        assertThat(violations(rule, OLD_APPEND)).isEmpty();
    }

    @Test
    void listenNotifyAndAdvisoryLocksAreRefused() {
        DialectRule rule = new NoPostgresOnlyLocking();
        assertThat(violations(rule, "LISTEN orders")).containsExactly("uses LISTEN");
        assertThat(violations(rule, "NOTIFY orders, 'x'")).containsExactly("uses NOTIFY");
        assertThat(violations(rule, "SELECT pg_notify('orders', 'x')")).hasSize(1);
        assertThat(violations(rule, "SELECT pg_advisory_xact_lock(42)")).containsExactly("uses pg_advisory_xact_lock");
        assertThat(violations(rule, "SELECT pg_try_advisory_lock(42)")).containsExactly("uses pg_try_advisory_lock");
        assertThat(violations(rule, "SELECT count(*) FROM relay_lease WHERE name = ?")).isEmpty();
    }

    @Test
    void aMigrationStatementThatCannotRunAgainIsRefused() {
        DialectRule rule = new ReRunnableDdl();
        assertThat(migrationViolations(rule, "CREATE TABLE events (id TEXT PRIMARY KEY)"))
                .containsExactly("CREATE TABLE without IF NOT EXISTS");
        assertThat(migrationViolations(rule, "CREATE UNIQUE INDEX events_position ON events (position)"))
                .containsExactly("CREATE INDEX without IF NOT EXISTS");
        // The released V2 and V1 statements.
        assertThat(migrationViolations(rule, "ALTER TABLE outbox ADD COLUMN position BIGINT"))
                .containsExactly("ADD COLUMN without IF NOT EXISTS");
        assertThat(migrationViolations(rule, "INSERT INTO log_position (id, last_position) VALUES (1, 0)"))
                .containsExactly("INSERT without ON CONFLICT");
        assertThat(migrationViolations(rule, "ALTER TABLE outbox ADD CONSTRAINT c UNIQUE (position)"))
                .containsExactly("ADD CONSTRAINT cannot be made re-runnable");
        assertThat(migrationViolations(rule, "DROP INDEX outbox_enqueued")).containsExactly("DROP without IF EXISTS");
        assertThat(migrationViolations(rule, "CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY)")).isEmpty();
        assertThat(migrationViolations(rule, "ALTER TABLE outbox ADD COLUMN IF NOT EXISTS position BIGINT")).isEmpty();
        // Only migrations: a service's plain INSERT is not a migration step.
        assertThat(rule.violations(new SqlText("x", "INSERT INTO t (id) VALUES (1)", false), null)).isEmpty();
    }

    @Test
    void aMigrationFileMixingDdlAndDmlIsRefused() {
        DdlApartFromDml rule = new DdlApartFromDml();
        // The released V2: DDL, then the backfill.
        String releasedV2 = """
                -- comment; with a semicolon
                ALTER TABLE outbox ADD COLUMN position BIGINT;
                CREATE INDEX outbox_position ON outbox (position);
                UPDATE outbox SET position = (SELECT e.position FROM events e WHERE e.id = outbox.event_id);
                """;
        List<SqlText> statements = SqlCollector.split(releasedV2).stream()
                .map(sql -> new SqlText("schema: db/eventstore/V2__outbox_position.sql", sql, true)).toList();
        assertThat(statements).hasSize(3);
        assertThat(rule.violations(statements)).containsExactly("schema: db/eventstore/V2__outbox_position.sql mixes DDL and DML");
        assertThat(rule.violations(statements.subList(0, 2))).isEmpty();
    }

    @Test
    void runTimePartsGetStandInsTheParserAccepts() {
        assertThat(SqlCollector.fill("DROP DATABASE IF EXISTS \u0001 CASCADE")).isEqualTo("DROP DATABASE IF EXISTS runtime_name CASCADE");
        assertThat(SqlCollector.fill("INSERT INTO t (a) VALUES %s ON CONFLICT (a) DO NOTHING"))
                .isEqualTo("INSERT INTO t (a) VALUES (?) ON CONFLICT (a) DO NOTHING");
        assertThat(SqlCollector.fill("SELECT a FROM t WHERE a IN (\u0001)")).isEqualTo("SELECT a FROM t WHERE a IN ((?))");
    }

    private static List<String> violations(DialectRule rule, String sql) {
        return rule.violations(new SqlText("test", sql, false), parse(sql));
    }

    private static List<String> migrationViolations(DialectRule rule, String sql) {
        return rule.violations(new SqlText("test", sql, true), parse(sql));
    }

    private static Statement parse(String sql) {
        return CockroachDialectTest.parse(new SqlText("test", sql, false));
    }
}

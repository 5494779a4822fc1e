package io.eventstream.deploy.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every SQL statement the services, the bootstrapper and the migrations can send (collected by
 * {@link SqlCollector} from the compiled classes and the migration files), parsed by JSqlParser
 * and checked against CockroachDB's restrictions ({@link #RULES}, {@link DdlApartFromDml}),
 * without a CockroachDB. The negative tests are in {@link DialectRulesTest}.
 */
class CockroachDialectTest {

    static final List<DialectRule> RULES = List.of(new ModifyingCteReturns(), new OneModificationPerTable(),
            new NoPostgresOnlyLocking(), new ReRunnableDdl());

    /**
     * Statements JSqlParser cannot read, by how they start, and why they may stay unread. Each
     * entry must still match a collected statement (a stale entry fails the test); the text rules
     * (c) and (d) still run on them.
     */
    static final Map<String, String> UNPARSED = new LinkedHashMap<>();

    static {
        UNPARSED.put("CREATE ROLE runtime_name LOGIN",
                "bootstrapper Engine, PostgreSQL only (CockroachDB gets CREATE USER IF NOT EXISTS); JSqlParser reads no role options");
        UNPARSED.put("GRANT ALL ON DATABASE runtime_name TO runtime_name",
                "bootstrapper Engine, administrator DCL, the same on both engines (bootstrapper/README.md); JSqlParser reads no GRANT ON DATABASE");
        UNPARSED.put("GRANT USAGE, CREATE ON SCHEMA public TO runtime_name",
                "bootstrapper Engine, administrator DCL, the same on both engines; JSqlParser reads no privilege lists");
        UNPARSED.put("DROP DATABASE IF EXISTS runtime_name WITH (FORCE)",
                "bootstrapper Engine, PostgreSQL only (--drop); CockroachDB gets DROP DATABASE ... CASCADE");
        UNPARSED.put("CREATE TABLE IF NOT EXISTS orders_next (LIKE orders INCLUDING DEFAULTS,",
                "querymodel-worker GenerationStatements, a rebuild's generation table shaped like the live one; JSqlParser reads"
                        + " no LIKE in a column list; both engines take it (PostgreSQL CREATE TABLE; CockroachDB"
                        + " like_table_option_list since v20.2)");
        UNPARSED.put("CREATE TABLE IF NOT EXISTS orderitems_next (LIKE orderitems INCLUDING DEFAULTS,",
                "querymodel-worker GenerationStatements, a rebuild's generation table shaped like the live one; JSqlParser reads"
                        + " no LIKE in a column list; both engines take it (PostgreSQL CREATE TABLE; CockroachDB"
                        + " like_table_option_list since v20.2)");
        UNPARSED.put("CREATE TABLE IF NOT EXISTS order_status_history_next (LIKE order_status_history INCLUDING DEFAULTS,",
                "querymodel-worker GenerationStatements, a rebuild's generation table shaped like the live one; JSqlParser reads"
                        + " no LIKE in a column list; both engines take it (PostgreSQL CREATE TABLE; CockroachDB"
                        + " like_table_option_list since v20.2)");
        UNPARSED.put("CREATE TABLE IF NOT EXISTS restaurant_hourly_next (LIKE restaurant_hourly INCLUDING DEFAULTS,",
                "querymodel-worker GenerationStatements, a rebuild's generation table shaped like the live one; JSqlParser reads"
                        + " no LIKE in a column list; both engines take it (PostgreSQL CREATE TABLE; CockroachDB"
                        + " like_table_option_list since v20.2)");
        UNPARSED.put("CREATE INDEX IF NOT EXISTS outbox_unpositioned ON outbox (enqueued_at) WHERE position IS NULL",
                "schema eventstore V5, the relay's partial index of unpositioned outbox rows; JSqlParser takes POSITION"
                        + " for the string function; both engines take it (PostgreSQL partial indexes; CockroachDB"
                        + " partial indexes since v20.2)");
        UNPARSED.put("CREATE INDEX IF NOT EXISTS outbox_unpositioned_versions ON outbox (aggregateid, version) WHERE position IS NULL AND",
                "schema eventstore V9, the unpositioned lower versions of an aggregate (relay's UnpositionedRows); JSqlParser"
                        + " takes POSITION for the string function; both engines take it (as V5)");
        UNPARSED.put("CREATE INDEX IF NOT EXISTS outbox_unpositioned_unversioned ON outbox (enqueued_at) WHERE position IS NULL AND",
                "schema eventstore V9, unpositioned rows without V7's columns (relay's UnpositionedRows); JSqlParser takes"
                        + " POSITION for the string function; both engines take it (as V5)");
        UNPARSED.put("CREATE UNIQUE INDEX IF NOT EXISTS events_position_set ON events (position) WHERE position IS NOT NULL",
                "schema eventstore V11, the events that have a position in their row; JSqlParser takes POSITION for the"
                        + " string function; both engines take it (as V5)");
        UNPARSED.put("CREATE SEQUENCE IF NOT EXISTS events_seq",
                "schema eventstore V10 (Java), PostgreSQL only: the join key of event_positions; JSqlParser reads no"
                        + " IF NOT EXISTS on a sequence; CockroachDB never runs it (its docs discourage sequences)");
        UNPARSED.put("ALTER SEQUENCE events_seq OWNED BY events.seq",
                "schema eventstore V10 (Java), PostgreSQL only: the sequence goes with its column; JSqlParser reads no OWNED BY");
        UNPARSED.put("CREATE UNIQUE INDEX IF NOT EXISTS events_seq_key ON events (seq) WHERE seq IS NOT NULL",
                "schema eventstore V10 (Java), PostgreSQL only: the rows that have a seq; JSqlParser reads no IS NOT NULL"
                        + " in a partial index's predicate");
        UNPARSED.put("DROP DATABASE IF EXISTS runtime_name CASCADE",
                "bootstrapper Engine, CockroachDB only (--drop); JSqlParser reads no DROP DATABASE");
    }

    private static List<SqlText> statements;

    @BeforeAll
    static void collect() throws IOException {
        statements = new SqlCollector(SqlCollector.repoRoot()).all();
        // For whoever reads a failure: what was collected, one statement a line.
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/cockroach-dialect-statements.txt"),
                statements.stream().map(SqlText::toString).toList());
    }

    @Test
    void theCollectorFindsTheStatementsWeKnowOf() {
        assertThat(statements).hasSizeGreaterThan(40);
        for (String module : List.of("eventstore-service", "order-service", "payment-worker", "querymodel-worker",
                "saga-coordinator", "bootstrapper")) {
            assertThat(statements).as(module).anyMatch(s -> s.source().startsWith(module + ": "));
        }
        assertFound("eventstore-service", "INSERT INTO outbox (event_id, aggregateid, version) SELECT id, aggregateid, version FROM stored");
        assertFound("eventstore-service", "UPDATE log_position SET last_position");
        assertFound("eventstore-service", "ON CONFLICT (name) DO UPDATE SET owner = excluded.owner");
        assertFound("querymodel-worker", "items AS (INSERT INTO orderitems");
        assertFound("querymodel-worker", "WITH status AS (INSERT INTO orders");
        assertFound("saga-coordinator", "WITH recorded AS (INSERT INTO saga_steps");
        // A concatenation with run-time parts (the rows and the order ids), read from its recipe.
        assertFound("saga-coordinator", "VALUES (?) ON CONFLICT (order_id, version) DO NOTHING RETURNING version)");
        assertFound("payment-worker", "INSERT INTO payments");
        assertFound("order-service", "FROM orders");
        assertFound("bootstrapper", "SELECT 1 FROM pg_catalog.pg_database WHERE datname = ?");
        assertFound("schema", "CREATE TABLE IF NOT EXISTS events");
        assertFound("schema", "INSERT INTO log_position (id, last_position) VALUES (1, 0) ON CONFLICT (id) DO NOTHING");
        assertFound("schema", "CREATE TABLE IF NOT EXISTS event_positions");
        assertFound("eventstore-service", "INSERT INTO event_positions (position, seq)");
        // Every service's connections run it first (GenericPlans); on CockroachDB it must parse and do nothing.
        assertFound("common", "THEN set_config('plan_cache_mode', 'force_generic_plan', false) END");
        assertThat(statements.stream().filter(SqlText::migration).map(SqlText::source).distinct())
                .hasSizeGreaterThanOrEqualTo(8);
    }

    @Test
    void everyStatementParsesOrIsOnTheAllowList() {
        List<String> unparsed = new ArrayList<>();
        for (SqlText text : statements) {
            if (parse(text) == null && allowed(text) == null) {
                unparsed.add(text + "\n    " + error(text));
            }
        }
        assertThat(unparsed).as("statements JSqlParser cannot read (fix them, or add them to UNPARSED with a reason)")
                .isEmpty();
        for (String prefix : UNPARSED.keySet()) {
            assertThat(statements).as("stale UNPARSED entry " + prefix)
                    .anyMatch(s -> s.oneLine().startsWith(prefix) && parse(s) == null);
        }
    }

    @Test
    void everyStatementKeepsCockroachDbRules() {
        List<String> violations = new ArrayList<>();
        for (SqlText text : statements) {
            Statement parsed = parse(text);
            for (DialectRule rule : RULES) {
                for (String problem : rule.violations(text, parsed)) {
                    violations.add(rule.name() + " (" + rule.reference() + "): " + problem + "\n    in " + text);
                }
            }
        }
        DdlApartFromDml files = new DdlApartFromDml();
        files.violations(statements).forEach(v -> violations.add(files.name() + " (" + files.reference() + "): " + v));
        assertThat(violations).isEmpty();
    }

    private static void assertFound(String module, String fragment) {
        assertThat(statements).as(module + ": " + fragment)
                .anyMatch(s -> s.source().startsWith(module + ": ") && s.oneLine().contains(fragment));
    }

    static Statement parse(SqlText text) {
        try {
            return CCJSqlParserUtil.parse(text.sql());
        } catch (JSQLParserException | RuntimeException e) {
            return null;
        }
    }

    private static String error(SqlText text) {
        try {
            CCJSqlParserUtil.parse(text.sql());
            return "";
        } catch (JSQLParserException | RuntimeException e) {
            String message = String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            return message.lines().findFirst().orElse("");
        }
    }

    private static String allowed(SqlText text) {
        return UNPARSED.entrySet().stream().filter(e -> text.oneLine().startsWith(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}

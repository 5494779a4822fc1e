package io.eventstream.common.vacuum;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Does for a service's own tables what PostgreSQL's autovacuum would, on a server where it is off.
 *
 * <p>Why: querymodel-worker writes an order's row about five times (claimed, created, counted,
 * paid, approved) and the saga coordinator its row twice, so every order leaves dead row versions,
 * and their index entries, until a vacuum. With autovacuum off (this machine's CI configuration),
 * nothing removes them: at a steady 100 orders/s PostgreSQL's CPU per run of 7,000 orders grew
 * from 41 to 66 CPU-s in four runs, and one {@code VACUUM} of ordersdb brought it back to 41
 * (BENCHMARKS.md, session 17). Production servers have autovacuum on, and then this does nothing.
 *
 * <p>Every {@code interval}, if {@code current_setting('autovacuum')} is off, it reads the
 * statistics of the tables the service's user owns in its schema and runs {@code VACUUM (ANALYZE)}
 * on each that autovacuum would vacuum, {@code ANALYZE} on each it would only analyse, by the
 * server's own thresholds ({@link AutovacuumThresholds}), each with {@code SKIP_LOCKED} (PostgreSQL
 * 12 and later), so two instances of a service never vacuum one table one after the other. Neither
 * blocks reads or writes, except that a vacuum which finds empty pages at the end of a table gives
 * them back under a brief exclusive lock, and lets go of it as soon as another session waits for
 * the table (as autovacuum does). On CockroachDB (no autovacuum setting and no VACUUM: it removes
 * old versions itself) it stops at the first look. A failure (the database down) is logged and the
 * next round tries again.
 */
public final class AutovacuumStandIn implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AutovacuumStandIn.class);

    static final String TABLES = """
            SELECT quote_ident(s.relname) AS name, s.n_live_tup, s.n_dead_tup, s.n_mod_since_analyze
              FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
             WHERE s.schemaname = current_schema() AND pg_get_userbyid(c.relowner) = current_user
             ORDER BY s.relname""";
    static final String THRESHOLDS = """
            SELECT CAST(current_setting('autovacuum_vacuum_threshold') AS BIGINT),
                   CAST(current_setting('autovacuum_vacuum_scale_factor') AS FLOAT8),
                   CAST(current_setting('autovacuum_analyze_threshold') AS BIGINT),
                   CAST(current_setting('autovacuum_analyze_scale_factor') AS FLOAT8)""";

    private final JdbcTemplate jdbc;
    private final Duration interval;
    private final String service;
    private ScheduledExecutorService timer;
    /** Whether the server is PostgreSQL: null until the first look, which asks {@code version()} once. */
    private Boolean postgres;
    private boolean announced;

    public AutovacuumStandIn(JdbcTemplate jdbc, Duration interval, String service) {
        this.jdbc = jdbc;
        this.interval = interval;
        this.service = service;
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "autovacuum-stand-in");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::roundQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }

    private void roundQuietly() {
        try {
            round();
        } catch (RuntimeException e) {
            log.debug("the autovacuum stand-in's round failed; the next one tries again: {}", e.toString());
        }
    }

    /**
     * One look: the tables vacuumed or analysed, by name and statement; none where autovacuum is on,
     * or where the server is not PostgreSQL (after which it never looks again).
     */
    List<String> round() {
        if (!autovacuumOff()) {
            return List.of();
        }
        if (!announced) {
            announced = true;
            log.info("autovacuum is off on this PostgreSQL server: {} vacuums and analyses the tables it owns when "
                    + "autovacuum would (a look every {} s; eventstream.db.autovacuum-stand-in.enabled=false turns "
                    + "this off)", service, interval.toSeconds());
        }
        return lookAfterTables();
    }

    /** Vacuums or analyses each table of the user's that autovacuum would, by the server's thresholds; returns the statements. */
    List<String> lookAfterTables() {
        AutovacuumThresholds thresholds = jdbc.queryForObject(THRESHOLDS, (rs, row) -> new AutovacuumThresholds(
                rs.getLong(1), rs.getDouble(2), rs.getLong(3), rs.getDouble(4)));
        List<TableActivity> tables = jdbc.query(TABLES, (rs, row) -> new TableActivity(rs.getString(1), rs.getLong(2),
                rs.getLong(3), rs.getLong(4)));
        List<String> done = new ArrayList<>();
        for (TableActivity table : tables) {
            // SKIP_LOCKED: a table another instance of the service is vacuuming right now is left to it.
            String statement = thresholds.needsVacuum(table) ? "VACUUM (ANALYZE, SKIP_LOCKED) " + table.name()
                    : thresholds.needsAnalyze(table) ? "ANALYZE (SKIP_LOCKED) " + table.name() : null;
            if (statement != null) {
                long started = System.nanoTime();
                outsideATransaction(statement);
                log.debug("{} ({} dead, {} changed, {} live): {} ms", statement, table.dead(),
                        table.modifiedSinceAnalyze(), table.live(), (System.nanoTime() - started) / 1_000_000);
                done.add(statement);
            }
        }
        return done;
    }

    /** Whether the server is PostgreSQL with autovacuum off; on another server, never again after the first look. */
    boolean autovacuumOff() {
        if (postgres == null) {
            String version = jdbc.queryForObject("SELECT version()", String.class);
            postgres = version != null && version.startsWith("PostgreSQL");
            if (!postgres) {
                log.info("the autovacuum stand-in stays off: the server is not PostgreSQL ({})", version);
            }
        }
        return postgres && "off".equals(jdbc.queryForObject("SELECT current_setting('autovacuum')", String.class));
    }

    /** VACUUM cannot run inside a transaction block: on a connection in auto-commit, whatever the pool's default. */
    private void outsideATransaction(String statement) {
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(true);
            try (var s = connection.createStatement()) {
                s.execute(statement);
            } finally {
                connection.setAutoCommit(autoCommit);
            }
            return null;
        });
    }
}

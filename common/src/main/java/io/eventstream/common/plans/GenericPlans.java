package io.eventstream.common.plans;

/**
 * What every new database connection of a service runs first: on PostgreSQL it sets
 * {@code plan_cache_mode} to {@code force_generic_plan} for the session; anywhere else it does nothing.
 *
 * <p>Why: the services' statements take their rows as arrays ({@code unnest(?)}, {@code = ANY(?)}),
 * one statement for a whole batch. PostgreSQL's default ({@code auto}) compares a prepared
 * statement's generic plan, costed for an array of unknown length, with plans made for the values
 * bound, costed for the few elements they hold; the generic plan always looks dearer, so the server
 * planned every execution again. At 100 orders/s that planning took as much of the event store's
 * database time as running the statements (BENCHMARKS.md, session 18). These statements reach their
 * rows by key, so one plan per connection serves every batch size. A statement whose best plan
 * depends on a bound limit needs the limit in its text instead (the event store's relay and reads).
 *
 * <p>What it relies on: a plan is made again when its tables' statistics change, not when they
 * grow. A table that grows with nobody analysing it keeps the plan it had when small (a sequential
 * scan; {@code GenericPlansTest}). Autovacuum analyses, and where it is off, common's
 * {@code AutovacuumStandIn} does.
 *
 * <p>Why not on CockroachDB: it caches plans its own way, and its generic plans (23.2 and later)
 * choose lookup joins where its custom plans scan, which its documentation says can be slower; that
 * is a choice to measure there, not to inherit. The statement asks {@code version()} (CockroachDB's
 * begins "CockroachDB"), and {@code CASE} evaluates {@code set_config} only on the branch taken.
 */
public final class GenericPlans {

    /** The connection's first statement (Hikari's {@code connectionInitSql}). */
    public static final String ON_POSTGRESQL = "SELECT CASE WHEN version() LIKE 'PostgreSQL%' "
            + "THEN set_config('plan_cache_mode', 'force_generic_plan', false) END";

    /**
     * The same, and plans that reach rows by key only, for a service whose every statement does and
     * which keeps a queue table: the event store. No sequential scan where an index serves
     * ({@code enable_seqscan = off}): the outbox is a queue, empty or nearly whenever a vacuum or an
     * analyse looks at it, and a vacuum gives its emptied pages back, so a plan made then sees a table
     * of no pages, for which scanning is cheapest; the plan is kept for the connection (above) while
     * the queue fills again. At 64 clients the relay's lookups then scanned the outbox once for each
     * aggregate of a round: 3 to 23 ms a round, against 0.6 with this. No parallel workers
     * ({@code max_parallel_workers_per_gather = 0}): a catch-up page of 5,000 events was planned as a
     * parallel query, whose worker process took 5 ms to start for a page of 30 ms (23 ms with
     * sequential scans off, cause not found); without it a catch-up read 124,256 events/s, against
     * 120,849-121,234 as before (BENCHMARKS.md, session 20). A statement no index can serve still
     * scans: the setting only makes the other paths win where there are any.
     */
    public static final String ON_POSTGRESQL_BY_KEY_ONLY = "SELECT CASE WHEN version() LIKE 'PostgreSQL%' "
            + "THEN set_config('plan_cache_mode', 'force_generic_plan', false) || set_config('enable_seqscan', 'off', false)"
            + " || set_config('max_parallel_workers_per_gather', '0', false) END";

    private GenericPlans() {
    }
}

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

    private GenericPlans() {
    }
}

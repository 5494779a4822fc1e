package io.eventstream.common.vacuum;

/**
 * What PostgreSQL's statistics say of one table ({@code pg_stat_user_tables}).
 *
 * @param name                 the table's name, quoted for SQL where it needs to be
 * @param live                 rows estimated live ({@code n_live_tup})
 * @param dead                 row versions estimated dead, waiting for a vacuum ({@code n_dead_tup})
 * @param modifiedSinceAnalyze rows changed since the last analyse ({@code n_mod_since_analyze})
 */
public record TableActivity(String name, long live, long dead, long modifiedSinceAnalyze) {
}

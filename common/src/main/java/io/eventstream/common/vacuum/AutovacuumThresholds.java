package io.eventstream.common.vacuum;

/**
 * When PostgreSQL's autovacuum would vacuum or analyse a table, from the server's own settings
 * (docs: "The Autovacuum Daemon"): a vacuum once its dead row versions exceed
 * {@code autovacuum_vacuum_threshold + autovacuum_vacuum_scale_factor * live rows}, an analyse once
 * the rows changed since the last one exceed {@code autovacuum_analyze_threshold +
 * autovacuum_analyze_scale_factor * live rows}. (Autovacuum also vacuums after many inserts, only
 * to set visibility bits: the stand-in leaves that out.)
 */
public record AutovacuumThresholds(long vacuumThreshold, double vacuumScaleFactor, long analyzeThreshold,
                                   double analyzeScaleFactor) {

    /** PostgreSQL's defaults: 50 + 20 % of the rows for a vacuum, 50 + 10 % for an analyse. */
    public static final AutovacuumThresholds POSTGRESQL_DEFAULTS = new AutovacuumThresholds(50, 0.2, 50, 0.1);

    public boolean needsVacuum(TableActivity table) {
        return table.dead() > vacuumThreshold + vacuumScaleFactor * table.live();
    }

    public boolean needsAnalyze(TableActivity table) {
        return table.modifiedSinceAnalyze() > analyzeThreshold + analyzeScaleFactor * table.live();
    }
}

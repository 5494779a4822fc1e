package io.eventstream.bootstrapper;

import java.sql.Connection;
import java.sql.SQLException;

/** Copies the original's rows from schema {@code original} into our tables, in the caller's transaction. */
interface OriginalCopy {

    /**
     * Copies what is not copied yet and says what it did ("1234 events, positions 1..1234"),
     * or returns null when everything was copied before (a later run: nothing to do).
     *
     * @param movedNow whether the original's tables were moved aside by this run (then a report
     *                 is due even for an empty table)
     */
    String copy(Connection admin, Engine engine, boolean movedNow) throws SQLException;
}

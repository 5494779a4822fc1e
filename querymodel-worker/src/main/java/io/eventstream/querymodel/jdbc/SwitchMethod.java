package io.eventstream.querymodel.jdbc;

import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * How a rebuilt generation becomes the live read model, and so whether the live worker's writes
 * wait for a switch in progress. One setting, {@code eventstream.read-model.switch-method}, read by the
 * live worker and by {@code --rebuild} alike (the same jar, the same application.yml), so the two
 * agree.
 *
 * <ul>
 *   <li>{@link #RENAME}: the generation's tables take the live names in one transaction. Atomic
 *       on PostgreSQL (transactional DDL); constant time, whatever the tables' size.</li>
 *   <li>{@link #COPY}: one transaction of plain DML makes the live tables equal to the
 *       generation's, row by row, touching only the rows that differ. Atomic on any SQL database
 *       that runs transactions serializably or with row locks, CockroachDB included (its schema
 *       changes in an explicit transaction are not atomic, so renames are not an option there).
 *       Its cost grows with the tables (the comparison) and the differences (the writes); the
 *       live worker's writes wait for it ({@link ReadModelGenerations#GATE}).</li>
 * </ul>
 *
 * {@code auto} (the default) is {@link #RENAME} on PostgreSQL and {@link #COPY} on CockroachDB.
 */
public enum SwitchMethod {
    RENAME, COPY;

    /** {@code auto}, {@code rename} or {@code copy}; auto by the database's engine, asked only then. */
    public static SwitchMethod of(String setting, BooleanSupplier cockroachDb) {
        String value = setting == null || setting.isBlank() ? "auto" : setting.strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "auto" -> cockroachDb.getAsBoolean() ? COPY : RENAME;
            case "rename" -> RENAME;
            case "copy" -> COPY;
            default -> throw new IllegalArgumentException(
                    "eventstream.read-model.switch-method must be auto, rename or copy, not '" + setting + "'");
        };
    }

    /** Whether the live worker's writes take the switch gate first (only a copy switch needs it). */
    public boolean gatesWrites() {
        return this == COPY;
    }
}

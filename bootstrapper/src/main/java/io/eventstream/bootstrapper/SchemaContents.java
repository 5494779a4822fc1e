package io.eventstream.bootstrapper;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The tables of a database's schemas {@code public} and {@code original}, with their columns,
 * read from {@code information_schema} (both engines answer it, for the current database).
 *
 * @param inPublic   tables in public, without Flyway's history table
 * @param inOriginal tables in schema original (where an adoption moved the original's)
 * @param migrated   whether public has Flyway's history table: the database is ours
 */
record SchemaContents(Map<String, Set<String>> inPublic, Map<String, Set<String>> inOriginal, boolean migrated) {

    static final String FLYWAY_HISTORY = "flyway_schema_history";

    /**
     * Base tables only: views and sequences are not the original's (a sequence owned by a
     * column moves with its table on PostgreSQL).
     */
    static final String COLUMNS_POSTGRESQL = """
            SELECT c.table_schema, c.table_name, c.column_name
              FROM information_schema.columns c
              JOIN information_schema.tables t
                ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
             WHERE c.table_schema IN ('public', 'original')""";

    /**
     * CockroachDB lists hidden columns too (a table without a primary key has {@code rowid}),
     * marked by its extension column {@code is_hidden}
     * (https://github.com/cockroachdb/cockroach/pull/28750): they are not the table's own.
     */
    static final String COLUMNS_COCKROACHDB = COLUMNS_POSTGRESQL + " AND c.is_hidden = 'NO'";

    static SchemaContents read(Connection admin, Engine engine) throws SQLException {
        Map<String, Set<String>> inPublic = new TreeMap<>();
        Map<String, Set<String>> inOriginal = new TreeMap<>();
        boolean migrated = false;
        try (Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery(engine == Engine.COCKROACHDB ? COLUMNS_COCKROACHDB : COLUMNS_POSTGRESQL)) {
            while (rs.next()) {
                String schema = rs.getString(1);
                String table = rs.getString(2);
                if ("public".equals(schema) && FLYWAY_HISTORY.equals(table)) {
                    migrated = true;
                    continue;
                }
                (OriginalTables.SCHEMA.equals(schema) ? inOriginal : inPublic)
                        .computeIfAbsent(table, t -> new TreeSet<>()).add(rs.getString(3));
            }
        }
        return new SchemaContents(inPublic, inOriginal, migrated);
    }
}

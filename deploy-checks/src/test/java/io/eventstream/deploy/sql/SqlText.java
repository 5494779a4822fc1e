package io.eventstream.deploy.sql;

/**
 * A statement the system can send, and where it comes from ("eventstore-service:
 * io/eventstream/eventstore/append/AppendStatements.class" or "schema: db/eventstore/V2__outbox_position.sql").
 * {@code migration} marks a statement of a Flyway migration, which the migration rules also check.
 */
record SqlText(String source, String sql, boolean migration) {

    /** The statement on one line, for messages. */
    String oneLine() {
        return sql.strip().replaceAll("\\s+", " ");
    }

    @Override
    public String toString() {
        return source + ": " + oneLine();
    }
}

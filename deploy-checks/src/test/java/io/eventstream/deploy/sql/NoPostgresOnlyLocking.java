package io.eventstream.deploy.sql;

import java.util.List;
import java.util.regex.Pattern;
import net.sf.jsqlparser.statement.Statement;

/**
 * (c) No LISTEN/NOTIFY and no advisory-lock functions. CockroachDB does not implement LISTEN,
 * NOTIFY and UNLISTEN (cockroach#41522, open). Its PostgreSQL compatibility page lists "Advisory
 * Lock Functions (although some functions are defined with no-op implementations)" as unsupported:
 * worse than an error, a {@code pg_advisory_lock} that takes nothing. The relay's single writer
 * is a lease row instead (eventstore-service's RelayLease).
 */
record NoPostgresOnlyLocking() implements DialectRule {

    private static final Pattern LISTEN_NOTIFY = Pattern.compile("(?i)^\\s*(LISTEN|NOTIFY|UNLISTEN)\\b|\\bpg_notify\\s*\\(");
    private static final Pattern ADVISORY = Pattern.compile("(?i)\\bpg_(try_)?advisory_\\w*");

    @Override
    public String name() {
        return "no LISTEN/NOTIFY, no pg_advisory_* locks";
    }

    @Override
    public String reference() {
        return "https://www.cockroachlabs.com/docs/stable/postgresql-compatibility#unsupported-features;"
                + " https://github.com/cockroachdb/cockroach/issues/41522";
    }

    @Override
    public List<String> violations(SqlText text, Statement parsed) {
        String sql = text.sql();
        var listen = LISTEN_NOTIFY.matcher(sql);
        var advisory = ADVISORY.matcher(sql);
        if (listen.find()) {
            return List.of("uses " + listen.group().strip());
        }
        if (advisory.find()) {
            return List.of("uses " + advisory.group());
        }
        return List.of();
    }
}

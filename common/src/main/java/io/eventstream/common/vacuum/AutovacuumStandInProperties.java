package io.eventstream.common.vacuum;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The stand-in for PostgreSQL's autovacuum ({@link AutovacuumStandIn}).
 *
 * @param enabled  whether the service looks after its own tables where the server's autovacuum is
 *                 off (it does nothing where autovacuum is on, and on CockroachDB)
 * @param interval how often it looks: autovacuum's own default {@code autovacuum_naptime} is 1 min
 */
@ConfigurationProperties("eventstream.db.autovacuum-stand-in")
public record AutovacuumStandInProperties(@DefaultValue("true") boolean enabled,
                                          @DefaultValue("30s") Duration interval) {
}

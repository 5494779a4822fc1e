package io.eventstream.querymodel.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code eventstream.read-model.*}, read by the live worker and by {@code --rebuild} alike.
 *
 * @param switchMethod how a rebuilt generation becomes live: {@code auto} (rename on PostgreSQL,
 *                     copy on CockroachDB), {@code rename} or {@code copy}
 *                     ({@link io.eventstream.querymodel.jdbc.SwitchMethod}); the live worker's
 *                     writes take the switch gate when it resolves to copy, so set it the same for
 *                     both (the shipped application.yml is shared)
 */
@ConfigurationProperties("eventstream.read-model")
public record ReadModelProperties(String switchMethod) {
}

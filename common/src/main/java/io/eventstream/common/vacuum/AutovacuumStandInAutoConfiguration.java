package io.eventstream.common.vacuum;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An {@link AutovacuumStandIn} in every service with a database, unless
 * {@code eventstream.db.autovacuum-stand-in.enabled} is false (order-service: querymodel-worker
 * owns ordersdb and looks after it).
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration")
@ConditionalOnClass(JdbcTemplate.class)
@ConditionalOnBean(JdbcTemplate.class)
@ConditionalOnProperty(prefix = "eventstream.db.autovacuum-stand-in", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(AutovacuumStandInProperties.class)
public class AutovacuumStandInAutoConfiguration {

    @Bean
    AutovacuumStandIn autovacuumStandIn(JdbcTemplate jdbc, AutovacuumStandInProperties props, Environment env) {
        return new AutovacuumStandIn(jdbc, props.interval(), env.getProperty("spring.application.name", "this service"));
    }
}

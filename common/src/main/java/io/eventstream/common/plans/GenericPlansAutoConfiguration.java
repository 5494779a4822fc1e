package io.eventstream.common.plans;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * {@link GenericPlans} in every service with a Hikari pool, unless
 * {@code eventstream.db.generic-plans.enabled} is false (querymodel-worker's rebuild profile: its
 * batches run to thousands of rows, planned with their own values). With
 * {@code eventstream.db.by-key-only} true (the event store), its sessions also plan no sequential
 * scan where an index serves and no parallel query ({@link GenericPlans#ON_POSTGRESQL_BY_KEY_ONLY}).
 */
@AutoConfiguration
@ConditionalOnClass(HikariDataSource.class)
@ConditionalOnProperty(prefix = "eventstream.db.generic-plans", name = "enabled", matchIfMissing = true)
public class GenericPlansAutoConfiguration {

    /** Static: a post-processor is made before the other beans of its configuration. */
    @Bean
    static GenericPlansPostProcessor genericPlansPostProcessor(Environment environment) {
        boolean byKeyOnly = environment.getProperty("eventstream.db.by-key-only", Boolean.class, false);
        return new GenericPlansPostProcessor(byKeyOnly ? GenericPlans.ON_POSTGRESQL_BY_KEY_ONLY : GenericPlans.ON_POSTGRESQL);
    }
}

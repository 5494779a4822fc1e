package io.eventstream.common.plans;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Gives each Hikari pool {@link GenericPlans#ON_POSTGRESQL} (or, for a service that reaches its rows
 * by key only, {@link GenericPlans#ON_POSTGRESQL_BY_KEY_ONLY}) as its connections' first
 * statement, before the pool opens its first connection. A pool that has its own
 * {@code spring.datasource.hikari.connection-init-sql} keeps it.
 */
final class GenericPlansPostProcessor implements BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(GenericPlansPostProcessor.class);

    private final String firstStatement;

    GenericPlansPostProcessor(String firstStatement) {
        this.firstStatement = firstStatement;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool) {
            if (pool.getConnectionInitSql() == null || pool.getConnectionInitSql().isBlank()) {
                pool.setConnectionInitSql(firstStatement);
            } else {
                log.info("{} has its own connection-init-sql: PostgreSQL plans its statements as it chooses", beanName);
            }
        }
        return bean;
    }
}

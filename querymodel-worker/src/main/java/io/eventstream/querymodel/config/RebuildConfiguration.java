package io.eventstream.querymodel.config;

import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.replay.ReplayProgress;
import io.eventstream.querymodel.jdbc.ReadModelComparison;
import io.eventstream.querymodel.jdbc.ReadModelGenerations;
import io.eventstream.querymodel.jdbc.SwitchMethod;
import io.eventstream.querymodel.jdbc.Transactions;
import io.eventstream.querymodel.messaging.OrderEventTranslator;
import io.eventstream.querymodel.rebuild.ReadModelCheck;
import io.eventstream.querymodel.rebuild.ReadModelRebuild;
import io.eventstream.querymodel.rebuild.RebuildProperties;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** The {@code rebuild} profile ({@code --rebuild}, {@code --verify}): the log in, the same projection out. */
@Configuration(proxyBeanMethods = false)
@Profile("rebuild")
@EnableConfigurationProperties(RebuildProperties.class)
public class RebuildConfiguration {

    @Bean
    ReadModelGenerations readModelGenerations(DataSource dataSource) {
        return new ReadModelGenerations(dataSource);
    }

    @Bean
    ReadModelRebuild readModelRebuild(EventStoreClient store, DataSource dataSource, ReadModelGenerations generations,
            OrderEventTypes types, RebuildProperties props, SwitchMethod switchMethod, MeterRegistry meters) {
        return new ReadModelRebuild(store, new Transactions(dataSource), generations, new OrderEventTranslator(types),
                props, switchMethod, () -> new ReplayProgress("read-model", meters, System.out, ReplayProgress.stdoutIsTerminal()),
                System.out);
    }

    @Bean
    ReadModelCheck readModelCheck(EventStoreClient store, DataSource dataSource, ReadModelGenerations generations,
            OrderEventTypes types, RebuildProperties props, MeterRegistry meters) {
        return new ReadModelCheck(store, new Transactions(dataSource), generations, new ReadModelComparison(dataSource),
                new OrderEventTranslator(types), props,
                () -> new ReplayProgress("read-model-check", meters, System.out, ReplayProgress.stdoutIsTerminal()),
                System.out);
    }
}

package io.eventstream.saga.config;

import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.saga.eventstore.EventStoreRebuildLog;
import io.eventstream.saga.jdbc.JdbcRebuildStore;
import io.eventstream.saga.process.SagaStore;
import io.eventstream.saga.rebuild.SagaRebuild;
import io.eventstream.saga.rebuild.ReplayProgressListener;
import io.eventstream.common.replay.ReplayProgress;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code --rebuild} command (mode {@code eventstream.saga.mode=rebuild}): sagadb rebuilt from the event store's log ({@link SagaRebuild}), with
 * its progress on the terminal, then the process exits (0 when done). No HTTP server, no NATS,
 * no consumer, no deadline scan: a coordinator may run meanwhile and keeps deciding.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "eventstream.saga", name = "mode", havingValue = "rebuild")
public class RebuildConfiguration {

    public static final String COMMAND = "--rebuild";
    private static final Logger log = LoggerFactory.getLogger(RebuildConfiguration.class);

    /** The application with profile {@code rebuild} (application-rebuild.yml): not a web server, no NATS connection. */
    public static SpringApplication application(Class<?> main) {
        SpringApplication app = new SpringApplication(main);
        app.setAdditionalProfiles("rebuild");
        return app;
    }

    /** The bar and the eventstream.rebuild.* metrics of querymodel-worker's rebuild (common's ReplayProgress). */
    @Bean
    ReplayProgressListener rebuildProgress(MeterRegistry meters) {
        return new ReplayProgressListener(new ReplayProgress("saga", meters, System.out, ReplayProgress.stdoutIsTerminal()));
    }

    @Bean
    SagaRebuild sagaRebuild(EventStoreClient eventStore, OrderEventTypes types, SagaStore sagaStore, JdbcTemplate jdbc,
            SagaProperties props, ReplayProgressListener progress) {
        return new SagaRebuild(new EventStoreRebuildLog(eventStore, types), sagaStore, new JdbcRebuildStore(jdbc),
                props.deadline(), Clock.systemUTC(), props.rebuildPage(), progress);
    }

    /** {@code --restart}: start over even when an earlier rebuild did not finish (by default it resumes). */
    @Bean
    ApplicationRunner rebuildRunner(SagaRebuild rebuild, ReplayProgressListener progress) {
        return args -> {
            SagaRebuild.Result result = rebuild.run(args.containsOption("restart"));
            String line = String.format("done%s, %,d events to position %,d in %.1f s; %d orders"
                            + " due for a decision (the coordinator's deadline scan takes them)",
                    result.resumed() ? " (resumed)" : "", result.events(), result.target(),
                    result.took().toMillis() / 1000.0, result.due());
            progress.finish(line);
            log.info(line);
        };
    }
}

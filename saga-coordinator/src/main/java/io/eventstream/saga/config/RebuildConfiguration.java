package io.eventstream.saga.config;

import io.eventstream.common.events.OrderEventTypes;
import io.eventstream.common.eventstore.EventStoreClient;
import io.eventstream.saga.eventstore.EventStoreRebuildLog;
import io.eventstream.saga.jdbc.JdbcRebuildStore;
import io.eventstream.saga.jdbc.JdbcSagaRows;
import io.eventstream.saga.rebuild.SagaCheck;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.ExitCodeGenerator;
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
 * The {@code --rebuild} and {@code --verify} commands (mode {@code eventstream.saga.mode=rebuild}): sagadb
 * rebuilt from the event store's log ({@link SagaRebuild}), with its progress on the terminal and as
 * metrics, and/or compared with what the log implies ({@link SagaCheck}); then the process exits (0 done
 * and no difference, 1 differences, 2 failed). No NATS, no consumer, no deadline scan (actuator only):
 * a coordinator may run meanwhile and keeps deciding.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "eventstream.saga", name = "mode", havingValue = "rebuild")
public class RebuildConfiguration {

    public static final String COMMAND = "--rebuild";
    public static final String VERIFY = "--verify";
    private static final int SHOWN = 50;
    private static final Logger log = LoggerFactory.getLogger(RebuildConfiguration.class);

    /** The application with profile {@code rebuild} (application-rebuild.yml): actuator only, no NATS connection. */
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

    @Bean
    ExitCode exitCode() {
        return new ExitCode();
    }

    /** 0: done (with --verify: no difference); 1: --verify found differences. */
    static final class ExitCode implements ExitCodeGenerator {
        private volatile int code;

        @Override
        public int getExitCode() {
            return code;
        }
    }

    @Bean
    SagaCheck sagaCheck(EventStoreClient eventStore, OrderEventTypes types, JdbcTemplate jdbc, SagaProperties props) {
        return new SagaCheck(new EventStoreRebuildLog(eventStore, types), new JdbcSagaRows(jdbc), props.deadline(),
                props.rebuildPage(), 5, Duration.ofSeconds(1));
    }

    /**
     * {@code --rebuild} and/or {@code --verify} (both: rebuild, then verify). {@code --restart}: start over
     * even when an earlier rebuild did not finish (by default it resumes).
     */
    @Bean
    ApplicationRunner rebuildRunner(SagaRebuild rebuild, SagaCheck check, ReplayProgressListener progress, ExitCode exit) {
        return args -> {
            if (args.containsOption("rebuild")) {
                rebuild(rebuild, progress, args.containsOption("restart"));
            }
            if (args.containsOption("verify")) {
                List<SagaCheck.Difference> found = check.run();
                found.stream().limit(SHOWN).forEach(d -> System.out.println("saga verify: " + d));
                String line = String.format("saga verify: %s at log position %,d", found.isEmpty()
                        ? "sagadb is what the log implies, no difference"
                        : String.format("%,d differences%s", found.size(), found.size() > SHOWN ? " (first " + SHOWN + " shown)" : ""),
                        check.position());
                System.out.println(line);
                log.info(line);
                exit.code = found.isEmpty() ? 0 : 1;
            }
        };
    }

    private static void rebuild(SagaRebuild rebuild, ReplayProgressListener progress, boolean restart) {
        SagaRebuild.Result result = rebuild.run(restart);
        String line = String.format("done%s, %,d events to position %,d in %.1f s; %d orders"
                        + " due for a decision (the coordinator's deadline scan takes them)",
                result.resumed() ? " (resumed)" : "", result.events(), result.target(),
                result.took().toMillis() / 1000.0, result.due());
        progress.finish(line);
        log.info(line);
    }
}

package io.eventstream.saga;

import io.eventstream.saga.config.RebuildConfiguration;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The coordinator; {@code java -jar saga-coordinator.jar --rebuild [--restart]} instead rebuilds
 * sagadb from the event store's log and exits: 0 done, 2 failed (README, "Rebuilding the saga's
 * state"), the same command style as querymodel-worker's {@code --rebuild}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class SagaCoordinatorApplication {

    public static void main(String[] args) {
        if (Arrays.asList(args).contains(RebuildConfiguration.COMMAND) || Arrays.asList(args).contains(RebuildConfiguration.VERIFY)) {
            int code;
            try {
                code = SpringApplication.exit(RebuildConfiguration.application(SagaCoordinatorApplication.class).run(args));
            } catch (RuntimeException e) {
                System.err.println("saga rebuild failed: " + e);
                code = 2;
            }
            System.exit(code);
        }
        SpringApplication.run(SagaCoordinatorApplication.class, args);
    }
}

package io.eventstream.saga;

import io.eventstream.saga.config.RebuildConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The coordinator; {@code java -jar saga-coordinator.jar rebuild [--restart]} instead rebuilds
 * sagadb from the event store's log and exits (README, "Rebuilding the saga's state").
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class SagaCoordinatorApplication {

    public static void main(String[] args) {
        if (args.length > 0 && RebuildConfiguration.COMMAND.equals(args[0])) {
            System.exit(SpringApplication.exit(RebuildConfiguration.application(SagaCoordinatorApplication.class)
                    .run(args)));
        }
        SpringApplication.run(SagaCoordinatorApplication.class, args);
    }
}

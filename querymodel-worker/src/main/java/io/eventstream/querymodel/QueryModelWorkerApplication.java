package io.eventstream.querymodel;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class QueryModelWorkerApplication {

    /** The worker; with {@code --rebuild} or {@code --verify}, that one-shot command ({@link RebuildCommand}). */
    public static void main(String[] args) {
        if (RebuildCommand.wanted(args)) {
            System.exit(RebuildCommand.run(args));
        }
        SpringApplication.run(QueryModelWorkerApplication.class, args);
    }
}

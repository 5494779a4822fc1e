package io.eventstream.querymodel;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class QueryModelWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(QueryModelWorkerApplication.class, args);
    }
}

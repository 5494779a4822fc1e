package io.eventstream.review;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ReviewWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(ReviewWorkerApplication.class, args);
    }
}

package io.eventstream.payment;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PaymentWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(PaymentWorkerApplication.class, args);
    }
}

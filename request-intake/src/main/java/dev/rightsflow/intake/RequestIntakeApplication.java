package dev.rightsflow.intake;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Runs request intake on its own (port 8081 by default). Thin on purpose: everything is
 * wired in {@link RequestIntakeConfiguration}, which the standalone imports beside the other services.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(RequestIntakeConfiguration.class)
public class RequestIntakeApplication {

    public static void main(String[] args) {
        SpringApplication.run(RequestIntakeApplication.class, args);
    }
}

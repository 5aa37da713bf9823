package dev.rightsflow.router;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Runs router on its own (port 8082 by default). Thin on purpose: everything is
 * wired in {@link RouterConfiguration}, which the standalone imports beside the other services.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(RouterConfiguration.class)
public class RouterApplication {

    public static void main(String[] args) {
        SpringApplication.run(RouterApplication.class, args);
    }
}

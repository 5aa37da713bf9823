package dev.rightsflow.connectors;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Runs processor connectors on its own (port 8083 by default). Thin on purpose: everything is
 * wired in {@link ProcessorConnectorsConfiguration}, which the standalone imports beside the other services.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ProcessorConnectorsConfiguration.class)
public class ProcessorConnectorsApplication {

    public static void main(String[] args) {
        SpringApplication.run(ProcessorConnectorsApplication.class, args);
    }
}

package dev.rightsflow.connectors;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of processor connectors ({@code rightsflow.connectors.*}). Defaults work for the embedded run.
 *
 * @param database the MongoDB database holding this service's projections
 */
@ConfigurationProperties("rightsflow.connectors")
public record ProcessorConnectorsProperties(@DefaultValue("rightsflow-connectors") String database) {
}

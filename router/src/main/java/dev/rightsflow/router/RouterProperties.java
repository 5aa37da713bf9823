package dev.rightsflow.router;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of router ({@code rightsflow.router.*}). Defaults work for the embedded run.
 *
 * @param database the MongoDB database holding this service's projections
 */
@ConfigurationProperties("rightsflow.router")
public record RouterProperties(@DefaultValue("rightsflow-router") String database) {
}

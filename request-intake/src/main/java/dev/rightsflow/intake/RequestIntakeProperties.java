package dev.rightsflow.intake;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of request intake ({@code rightsflow.intake.*}). Defaults work for the embedded run.
 *
 * @param database the MongoDB database holding this service's projections
 */
@ConfigurationProperties("rightsflow.intake")
public record RequestIntakeProperties(@DefaultValue("rightsflow-intake") String database) {
}

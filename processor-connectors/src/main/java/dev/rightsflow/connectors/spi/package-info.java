/**
 * The connector SPI: the small interface every sub-processor connector implements, with no
 * Kafka, Spring, Mongo or Avro types in it (Kafka Connect's {@code connect/api} is the model).
 * A connector declares its configuration ({@link dev.rightsflow.connectors.spi.ConfigDef}),
 * executes one task for one subject and answers with a sealed
 * {@link dev.rightsflow.connectors.spi.Outcome}. The runtime (the task runner) owns threads,
 * retries, back-off, rate limits, dead letters and idempotency. Connectors are discovered with
 * {@link java.util.ServiceLoader} from {@code META-INF/services/dev.rightsflow.connectors.spi.Connector}.
 */
package dev.rightsflow.connectors.spi;

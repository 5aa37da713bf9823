/** The dashboard's Kafka adapter: publishes staff commands on CASE_COMMANDS (the {@code CommandPublisher} port). */
package dev.rightsflow.auditlog.dashboard.kafka;

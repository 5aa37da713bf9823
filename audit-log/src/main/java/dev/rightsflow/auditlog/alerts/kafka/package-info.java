/** The alerts' Kafka adapter: publishes raised alerts on ALERTS (the {@code AlertPublisher} port). */
package dev.rightsflow.auditlog.alerts.kafka;

/**
 * The mail port's adapters: SMTP via Spring's mail support when configured, otherwise a local
 * outbox shown at {@code /intake/outbox}.
 */
package dev.rightsflow.intake.mail;

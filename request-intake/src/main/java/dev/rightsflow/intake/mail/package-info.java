/**
 * Mail out: the port ({@code application.Mailer}), its adapters and the start-up choice between them
 * ({@link dev.rightsflow.intake.mail.MailChoice}): SMTP via Spring's mail support when {@code spring.mail.host} is set;
 * the demo outbox page ({@code web.OutboxPage}, {@code /intake/outbox}) only when
 * {@code rightsflow.intake.demo-outbox=true}; no mail when the installation declares
 * {@code rightsflow.intake.email-codes=false}; otherwise start-up fails.
 */
package dev.rightsflow.intake.mail;

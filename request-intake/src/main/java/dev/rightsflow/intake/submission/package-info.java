/**
 * Taking a request in: admission against the registry and the per-right rules ({@code model}), the one
 * use case every way in goes through ({@code application.SubmitRequest}) with idempotency and the duplicate register
 * ({@code application}, {@code mongo}), publishing {@code RequestReceived} ({@code kafka.KafkaRequestEvents}), and the
 * citizen's ways in: the JSON API and the server-rendered form, receipt, code entry and status page ({@code web}).
 */
package dev.rightsflow.intake.submission;

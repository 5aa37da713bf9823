/**
 * Organisations' outbound webhooks and pre-approval webhooks: signed (Standard Webhooks) notifications about their
 * cases, delivered at least once with capped exponential back-off, every attempt a {@code WebhookAttempted} fact on
 * the cases topic from which the delivery log (and the retries owed after a restart) are folded; and the gate that
 * holds a new case until the organisation's pre-approval webhook answers. Root README, "Webhooks".
 */
package dev.rightsflow.router.webhooks;

/**
 * audit-log's view of organisations' webhook deliveries, folded from the router's {@code WebhookAttempted} facts on
 * the cases topic (the router owns the deliveries): the latest attempt of each delivery, for the organisation's
 * staff on the dashboard ({@code dashboard.web.WebhookLogPage}).
 */
package dev.rightsflow.auditlog.webhooks;

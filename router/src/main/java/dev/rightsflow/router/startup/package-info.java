/**
 * Start-up and the way in: catching up from the topics, then going live (reconcile, resume forwarding and owed
 * cancellations, publish changed seed organisations) ({@code RouterStartup}), and the batch listeners that feed every
 * feature ({@code kafka.RouterListeners}).
 */
package dev.rightsflow.router.startup;

/** Alert notifications out of the platform: webhook (HTTP POST) and email. */
package dev.rightsflow.auditlog.alerts.http;

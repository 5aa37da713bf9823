/** Raising deadline alerts (event on ALERTS and a notification per organisation), once each. */
package dev.rightsflow.auditlog.alerts.application;

/** Use cases of the audit trail: append an event's entry, verify a chain, write a global anchor. */
package dev.rightsflow.auditlog.trail.application;

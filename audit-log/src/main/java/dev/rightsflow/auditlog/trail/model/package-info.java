/**
 * The audit trail's rules in plain Java: entries, the canonical serialisation, the hash chain per
 * request and its verification. No framework types.
 */
package dev.rightsflow.auditlog.trail.model;

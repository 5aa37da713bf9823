/**
 * The case projection in plain Java: a request's status, controller, processors, tasks, pauses,
 * extension, and its deadline as it stands (from the deadline engine). No framework types.
 */
package dev.rightsflow.auditlog.cases.model;

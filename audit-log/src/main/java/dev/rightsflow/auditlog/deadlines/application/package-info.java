/**
 * The calculator use case: reads the query parameters, rejects each bad one by name, and asks
 * the deadline engine for the statutory date and the organisation's targets. No framework
 * types; the organisations' targets come through the {@link OrganisationTargets} port.
 */
package dev.rightsflow.auditlog.deadlines.application;

/**
 * The deadline engine: the statutory time limit for answering a data-subject rights request
 * under UK GDPR (Art 12(3), Art 12A as inserted by the Data (Use and Access) Act 2025) by the
 * ICO's method, and the stricter targets an organisation or another regime sets.
 *
 * <p>Entry point {@link dev.rightsflow.deadline.DeadlineEngine}; inputs
 * {@link dev.rightsflow.deadline.ClockFacts}; results
 * {@link dev.rightsflow.deadline.StatutoryDeadline} and
 * {@link dev.rightsflow.deadline.TargetDeadline}, each with the
 * {@link dev.rightsflow.deadline.DeadlineStep steps} that produced it. Plain Java: no framework
 * (enforced by {@code ArchitectureTest}, the shared rules), shared by request-intake, router and
 * audit-log.
 */
package dev.rightsflow.deadline;

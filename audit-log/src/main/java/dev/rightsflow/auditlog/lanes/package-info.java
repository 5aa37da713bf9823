/**
 * Paused lanes feature: the latest state of each system's lane as processor-connectors announced it
 * ({@code LanePaused}, {@code LaneResumed}; model), kept in the {@code lanes} collection and in memory
 * ({@code LaneView}) for the dashboard to show a paused vendor and why. It decides nothing: the connectors' circuit breaker owns the pause.
 */
package dev.rightsflow.auditlog.lanes;

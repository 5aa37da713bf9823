package dev.rightsflow.intake.registry.model;

/**
 * A time limit an organisation sets itself or owes under another regime, besides the statutory
 * one (e.g. Empower CIC: acknowledge within 5, answer within 20 working days).
 */
public record OwnTarget(String regime, Integer acknowledgeWorkingDays, Integer respondWorkingDays) {
}

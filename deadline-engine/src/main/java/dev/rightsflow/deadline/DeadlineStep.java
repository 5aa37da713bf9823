package dev.rightsflow.deadline;

import java.time.LocalDate;

/**
 * One step of a deadline calculation, in words a compliance officer can check.
 *
 * @param rule        a stable machine name of the rule applied (see {@link DeadlineRules})
 * @param date        the date the step produced
 * @param explanation what happened and why, naming the legal source
 */
public record DeadlineStep(String rule, LocalDate date, String explanation) {
}

package dev.rightsflow.auditlog.deadlines.application;

import java.util.List;

/**
 * What the calculator made of a query: an answer, or why there is none.
 *
 * @param <T> the answer's type
 */
public sealed interface CalculatorOutcome<T> {

    /** The query was answered. */
    record Answered<T>(T answer) implements CalculatorOutcome<T> {
    }

    /** One or more parameters are missing or wrong; nothing was calculated. */
    record Rejected<T>(List<InvalidParameter> invalid) implements CalculatorOutcome<T> {
    }

    /**
     * The bank holidays of a year the answer needs are not known, so the engine refuses rather
     * than guess.
     */
    record HolidaysUnknown<T>(String message) implements CalculatorOutcome<T> {
    }
}

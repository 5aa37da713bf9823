package dev.rightsflow.intake.model;

import java.util.List;

/**
 * The outcome of checking a submission against the registry and the per-right rules. Business
 * rejections are values, not exceptions.
 */
public sealed interface Admission {

    /** The request may be accepted: addressed to {@code organisation}, verified by {@code verification}. */
    record Admitted(Organisation organisation, Service service, Verification verification) implements Admission {
    }

    /** The request cannot be accepted; nothing is published. */
    record Rejected(List<FieldError> errors) implements Admission {

        public Rejected {
            errors = List.copyOf(errors);
        }
    }
}

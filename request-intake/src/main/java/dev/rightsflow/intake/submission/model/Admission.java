package dev.rightsflow.intake.submission.model;

import dev.rightsflow.intake.request.model.FieldError;
import dev.rightsflow.intake.registry.model.Organisation;
import dev.rightsflow.intake.registry.model.Service;
import dev.rightsflow.intake.request.model.Verification;

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

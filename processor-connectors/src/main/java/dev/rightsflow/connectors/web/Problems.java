package dev.rightsflow.connectors.web;

import java.util.List;

import dev.rightsflow.connectors.spi.ConfigProblem;
import dev.rightsflow.schemas.api.Problem;
import dev.rightsflow.schemas.api.ProblemException;
import dev.rightsflow.schemas.model.Counted;

/** The connectors' field problems ({@link ConfigProblem}) as the shared 422 problem, each bad field under {@code errors}. */
public final class Problems {

    private Problems() {
    }

    public static ProblemException invalid(String detail, List<ConfigProblem> problems) {
        return ProblemException.invalid(detail + " (" + Counted.of(problems.size(), "problem") + ")",
                problems.stream().map(p -> new Problem.FieldError(p.key(), p.message())).toList());
    }
}

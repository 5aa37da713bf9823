package dev.rightsflow.auditlog.deadlines.web;

import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.rightsflow.auditlog.deadlines.application.CalculatorOutcome;
import dev.rightsflow.auditlog.deadlines.application.DeadlineCalculator;
import dev.rightsflow.auditlog.deadlines.application.InvalidParameter;
import dev.rightsflow.schemas.api.Problem;
import dev.rightsflow.schemas.api.ProblemException;

/**
 * {@code GET /api/v1/deadlines?division=…&received=YYYY-MM-DD[&clockStart=…][&clarificationAsked=…]
 * [&clarificationReceived=…][&extended=true][&organisation=…]}: the statutory due date, the
 * steps that produced it and the organisation's targets, as JSON.
 *
 * <p>Responses: 200 with the deadline; 422 problem JSON listing every bad parameter under
 * {@code errors} (the shared {@link dev.rightsflow.schemas.api.Problem}). A year gov.uk has not published
 * is answered provisionally ({@code provisional}, {@code provisionalReason}); a 422 without {@code errors}
 * remains only for a calendar without rules, which the service does not use. The query holds dates
 * and ids only, never personal data.
 */
@RestController
public class DeadlineCalculatorController {

    public static final String PATH = "/api/v1/deadlines";
    /** The bank holidays of a division in a year ({@code ?division=…&year=YYYY}), for the dashboard's calendar. */
    public static final String HOLIDAYS_PATH = "/api/v1/deadlines/holidays";

    private final DeadlineCalculator calculator;

    public DeadlineCalculatorController(DeadlineCalculator auditLogDeadlinesCalculator) {
        this.calculator = auditLogDeadlinesCalculator;
    }

    @GetMapping(path = PATH, produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public ResponseEntity<?> calculate(@RequestParam Map<String, String> query) {
        return respond(calculator.calculate(query));
    }

    @GetMapping(path = HOLIDAYS_PATH, produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public ResponseEntity<?> holidays(@RequestParam Map<String, String> query) {
        return respond(calculator.holidays(query));
    }

    private static ResponseEntity<?> respond(CalculatorOutcome<?> outcome) {
        if (outcome instanceof CalculatorOutcome.Answered<?> answered) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(answered.answer());
        }
        if (outcome instanceof CalculatorOutcome.Rejected<?> rejected) {
            throw ProblemException.invalid(describe(rejected.invalid()), rejected.invalid().stream()
                    .map(i -> new Problem.FieldError(i.parameter(), i.message())).toList());
        }
        throw ProblemException.invalid(((CalculatorOutcome.HolidaysUnknown<?>) outcome).message(), List.of());
    }

    private static String describe(List<InvalidParameter> invalid) {
        return invalid.stream().map(i -> i.parameter() + " " + i.message())
                .reduce((a, b) -> a + "; " + b).orElse("invalid query");
    }
}

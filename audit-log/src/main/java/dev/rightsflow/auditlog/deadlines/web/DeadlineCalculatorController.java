package dev.rightsflow.auditlog.deadlines.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.rightsflow.auditlog.deadlines.application.CalculatorOutcome;
import dev.rightsflow.auditlog.deadlines.application.DeadlineCalculator;
import dev.rightsflow.auditlog.deadlines.application.InvalidParameter;

/**
 * {@code GET /api/v1/deadlines?division=…&received=YYYY-MM-DD[&clockStart=…][&clarificationAsked=…]
 * [&clarificationReceived=…][&extended=true][&organisation=…]}: the statutory due date, the
 * steps that produced it and the organisation's targets, as JSON.
 *
 * <p>Responses: 200 with the deadline; 400 problem JSON listing every bad parameter under
 * {@code invalidParams} (RFC 9457 section 3's example extension). A year gov.uk has not published
 * is answered provisionally ({@code provisional}, {@code provisionalReason}); 422 problem JSON
 * remains only for a calendar without rules, which the service does not use. The query holds dates
 * and ids only, never personal data.
 */
@RestController
public class DeadlineCalculatorController {

    public static final String PATH = "/api/v1/deadlines";
    /** The bank holidays of a division in a year ({@code ?division=…&year=YYYY}), for the dashboard's calendar. */
    public static final String HOLIDAYS_PATH = "/audit/deadlines/holidays";
    static final URI INVALID_PARAMETERS = URI.create("https://rightsflow.dev/problems/invalid-parameters");
    static final URI HOLIDAYS_UNKNOWN = URI.create("https://rightsflow.dev/problems/holidays-unknown");

    private final DeadlineCalculator calculator;

    public DeadlineCalculatorController(DeadlineCalculator auditLogDeadlinesCalculator) {
        this.calculator = auditLogDeadlinesCalculator;
    }

    @GetMapping(path = PATH, produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public ResponseEntity<?> calculate(@RequestParam Map<String, String> query) {
        return respond(calculator.calculate(query), PATH, "Invalid deadline query");
    }

    @GetMapping(path = HOLIDAYS_PATH, produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public ResponseEntity<?> holidays(@RequestParam Map<String, String> query) {
        return respond(calculator.holidays(query), HOLIDAYS_PATH, "Invalid holiday query");
    }

    private static ResponseEntity<?> respond(CalculatorOutcome<?> outcome, String path, String invalidTitle) {
        if (outcome instanceof CalculatorOutcome.Answered<?> answered) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(answered.answer());
        }
        if (outcome instanceof CalculatorOutcome.Rejected<?> rejected) {
            return problem(HttpStatus.BAD_REQUEST, INVALID_PARAMETERS, invalidTitle, describe(rejected.invalid()),
                    rejected.invalid(), path);
        }
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, HOLIDAYS_UNKNOWN, "Bank holidays not known",
                ((CalculatorOutcome.HolidaysUnknown<?>) outcome).message(), List.of(), path);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, URI type, String title, String detail,
            List<InvalidParameter> invalid, String path) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        problem.setInstance(URI.create(path));
        if (!invalid.isEmpty()) {
            problem.setProperty("invalidParams", invalid.stream()
                    .map(i -> Map.of("name", i.parameter(), "reason", i.message())).toList());
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static String describe(List<InvalidParameter> invalid) {
        return invalid.stream().map(i -> i.parameter() + " " + i.message())
                .reduce((a, b) -> a + "; " + b).orElse("invalid query");
    }
}

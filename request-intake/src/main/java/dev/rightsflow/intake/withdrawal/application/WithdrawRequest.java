package dev.rightsflow.intake.withdrawal.application;

import dev.rightsflow.intake.status.application.ReadStatus;

import java.util.Optional;


import dev.rightsflow.intake.status.model.StatusReport;
import reactor.core.publisher.Mono;

/**
 * The subject withdraws their own request, authenticated by its status token (status page or API).
 * Allowed while the case is open (whatever step it has reached); a case already closed or refused
 * cannot be withdrawn. Idempotent: a repeated withdrawal, before or after the case closed as
 * withdrawn, publishes nothing new (the command's id is derived from the request) and answers the same.
 */
public class WithdrawRequest {

    /** What became of a withdrawal. */
    public enum Result {
        /** the withdrawal is recorded (the case closes as withdrawn shortly, or already has) */
        WITHDRAWN,
        /** the case was already closed or refused: nothing to withdraw */
        CLOSED,
        /** no request with this id and token */
        NOT_FOUND
    }

    /** The result, and the status as it stood before the withdrawal (empty when not found). */
    public record Outcome(Result result, Optional<StatusReport> before) {
    }

    private final ReadStatus status;
    private final CancellationCommands commands;

    public WithdrawRequest(ReadStatus status, CancellationCommands commands) {
        this.status = status;
        this.commands = commands;
    }

    public Mono<Outcome> bySubject(String requestId, String statusToken) {
        return status.read(requestId, statusToken).flatMap(found -> {
            if (found.isEmpty()) {
                return Mono.just(new Outcome(Result.NOT_FOUND, found));
            }
            StatusReport report = found.get();
            if (StatusReport.WITHDRAWN.equals(report.state())) {
                return Mono.just(new Outcome(Result.WITHDRAWN, found));
            }
            if (!report.open()) {
                return Mono.just(new Outcome(Result.CLOSED, found));
            }
            return commands.withdrawBySubject(requestId).thenReturn(new Outcome(Result.WITHDRAWN, found));
        });
    }
}

package dev.rightsflow.auditlog.dashboard.web;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

import dev.rightsflow.auditlog.trail.web.AuditController;

/**
 * Unreadable input to audit-log's own controllers (malformed JSON, a wrong type) answers a problem
 * response too. Scoped to audit-log's dashboard and audit controllers: other modules' error handling
 * in the standalone is untouched.
 */
@RestControllerAdvice(value = "auditLogApiProblems", basePackageClasses = {DashboardApi.class, AuditController.class})
public class ApiProblems {

    @ExceptionHandler(ServerWebInputException.class)
    public ResponseEntity<Object> unreadable(ServerWebInputException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "Unreadable request",
                "The request body or a parameter could not be read: " + e.getReason(), List.of());
    }
}

package dev.rightsflow.schemas.operations;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootExceptionReporter;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Reports a start that failed on a taken port in one line naming the port and the variable that
 * changes it ({@code PORT} for the HTTP port; the embedded parts name their own), instead of Spring
 * Boot's failure analysis block or a stack trace. Registered in {@code META-INF/spring.factories}
 * ahead of Boot's reporter; any other failure is left to Boot.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class PortInUseReporter implements SpringBootExceptionReporter {

    private static final Logger log = LoggerFactory.getLogger(PortInUseReporter.class);

    @Override
    public boolean reportException(Throwable failure) {
        String line = describe(failure);
        if (line == null) {
            return false;
        }
        log.error("cannot start: {}", line);
        return true;
    }

    /** The one line for a taken port anywhere in the failure's causes, else null. */
    public static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PortTakenException taken) {
                return taken.getMessage();
            }
            if (t instanceof PortInUseException inUse) {
                return new PortTakenException("HTTP", inUse.getPort(), "PORT", null).getMessage();
            }
        }
        return null;
    }
}

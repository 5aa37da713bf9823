package dev.rightsflow.schemas.operations;

/**
 * A port the process must listen on is taken by another process: {@link PortInUseReporter} turns
 * it into one log line that names the port and the environment variable that moves it.
 */
public final class PortTakenException extends RuntimeException {

    private final int port;
    private final String variable;

    /**
     * @param what     what would have listened there, e.g. "the embedded Kafka broker"
     * @param variable the environment variable that chooses another port, e.g. {@code RIGHTSFLOW_KAFKA_PORT}
     */
    public PortTakenException(String what, int port, String variable, Throwable cause) {
        super("port " + port + " (" + what + ") is already in use: stop what uses it, or set " + variable
                + " to a free port", cause);
        this.port = port;
        this.variable = variable;
    }

    public int port() {
        return port;
    }

    public String variable() {
        return variable;
    }
}

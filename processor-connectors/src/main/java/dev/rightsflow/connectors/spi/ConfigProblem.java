package dev.rightsflow.connectors.spi;

/** One thing wrong with a system's connector configuration, for the person who fixes the registry. */
public record ConfigProblem(String key, String message) {

    @Override
    public String toString() {
        return key + ": " + message;
    }
}

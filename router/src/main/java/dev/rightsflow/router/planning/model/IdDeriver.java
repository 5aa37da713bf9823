package dev.rightsflow.router.planning.model;

/**
 * Makes ids from their parts, the same parts always giving the same id, so that re-planning or
 * redelivery finds a task already planned instead of doubling it (the platform's
 * {@code Events.derivedId}).
 */
@FunctionalInterface
public interface IdDeriver {
    String derive(String... parts);
}

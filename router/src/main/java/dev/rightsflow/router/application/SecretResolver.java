package dev.rightsflow.router.application;

import java.util.Optional;

/** Looks a secret up by the name the registry gives it ({@code secretRef}); the registry never holds secrets. */
@FunctionalInterface
public interface SecretResolver {
    Optional<String> secret(String secretRef);
}

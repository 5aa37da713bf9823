package dev.rightsflow.router.registry.application;

import java.util.Optional;

/**
 * Looks a secret up by the name the registry gives it ({@code secretRef}); the registry never holds secrets. The
 * router's port onto the one resolver every service uses ({@code schemas.secrets.Secrets}, wired in
 * {@code RouterConfiguration}).
 */
@FunctionalInterface
public interface SecretResolver {
    Optional<String> secret(String secretRef);
}

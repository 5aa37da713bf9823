package dev.rightsflow.router.registry.application;

import dev.rightsflow.router.registry.model.Organisation;

/**
 * An organisation as published: its content, the version of the publication and the digest of the
 * seed entry it descends from (so a changed seed file republishes at start, and an admin's edit
 * of an unchanged seed entry survives a restart).
 */
public record RegistryEntry(Organisation organisation, long version, String seedDigest) {
}

/**
 * Intake's copy of the router's registry: organisations, their services, relationships, consent purposes,
 * own targets, inbound mailboxes and processor authentication ({@code model}); the port
 * ({@code application.RegistryView}) and its store ({@code mongo.MongoRegistryView}). Folded from the REGISTRY topic by
 * {@code projection}.
 */
package dev.rightsflow.intake.registry;

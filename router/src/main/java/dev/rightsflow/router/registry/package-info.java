/**
 * The registry of organisations the router owns: organisations, their services, data maps, forwarding, targets and
 * webhook settings, and their validation ({@code model}); edits published as {@code OrganisationPublished} and folded
 * back, secrets named by the entries ({@code application}); the store {@code router_registry} ({@code mongo}); the
 * admin API ({@code web}).
 */
package dev.rightsflow.router.registry;

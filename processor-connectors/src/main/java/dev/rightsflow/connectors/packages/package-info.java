/**
 * Access packages feature (UK GDPR Art 15 and Art 20): once every export task of a request's plan has completed, one
 * encrypted ZIP with the data, the supplementary information and the index of what was searched; the package store
 * port and its MongoDB adapter ({@code connectors_plans}, {@code connectors_requests}, {@code connectors_packages}),
 * the writer of the ZIP, the subject's download ({@code web}) and the purge of expired packages.
 */
package dev.rightsflow.connectors.packages;

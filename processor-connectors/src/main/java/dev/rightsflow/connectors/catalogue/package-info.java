/**
 * Catalogue feature: the connectors installed ({@code ConnectorCatalogue}, found with {@code ServiceLoader}, each
 * declaring its configuration and capabilities once) and the per-controller Art 15 supplementary information and
 * rights text every access package carries ({@code Art15Catalogue}, {@code model}).
 */
package dev.rightsflow.connectors.catalogue;

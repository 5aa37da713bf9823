package dev.rightsflow.schemas.security;

import java.util.List;

/**
 * The Content-Security-Policy of a group of pages, contributed as a bean by the service that serves them (intake's
 * citizen pages allow their one style block by hash; the dashboard its live-update script by hash). Paths are
 * Spring path patterns ({@code /dashboard/**}). Where several policies match a path, the lowest {@code order} wins;
 * paths no policy names get {@link ResponseHeaders#API_POLICY}.
 */
public record HeaderPolicy(String name, List<String> paths, String contentSecurityPolicy, int order) {
}

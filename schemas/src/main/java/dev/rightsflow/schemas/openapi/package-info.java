/**
 * The OpenAPI document every service shares the making of: each service's configuration declares its own group
 * ({@code ApiDocument.group(...)}: packages, paths, who may call what), and the same customisers
 * ({@code OperationDefaults}) title and version it, state its security schemes ({@code SecuritySchemes}), add the error
 * responses with the one problem schema ({@code ErrorBodies}), give unique operation ids, summaries and examples, and
 * make its patterns portable ({@code PortableRegex}). A service's per-operation facts live in its
 * {@code openapi/<group>.json} overlay ({@code Overlay}), not in annotations on its controllers.
 */
package dev.rightsflow.schemas.openapi;

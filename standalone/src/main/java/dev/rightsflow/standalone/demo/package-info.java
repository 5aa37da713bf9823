/**
 * Demo stand-ins for the processors' systems the seed registry points at (local WireMock servers
 * on ports 9101-9112 loaded from {@code demo-vendors/<port>/mappings/*.json}), so that the
 * embedded demo's tasks complete. They are not the vendors; switch them off with
 * {@code RIGHTSFLOW_DEMO_VENDORS=false}.
 */
package dev.rightsflow.standalone.demo;

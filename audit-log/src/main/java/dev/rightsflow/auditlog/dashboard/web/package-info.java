/** The dashboard's web adapter: server-rendered pages, the JSON/SSE API and problem responses. */
package dev.rightsflow.auditlog.dashboard.web;

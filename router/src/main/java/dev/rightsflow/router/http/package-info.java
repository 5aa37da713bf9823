/** Outbound HTTP of the router: signed forwarding of requests to external controllers. */
package dev.rightsflow.router.http;

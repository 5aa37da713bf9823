/**
 * The request as the router reads it ({@code model.Request}): what intake received, in the model's terms, for the
 * case, the plan and a forwarding call alike. The Kafka adapters map the contract's {@code RequestReceived} to it.
 */
package dev.rightsflow.router.requests;

/**
 * Rightsflow router: controller resolution, forwarding and the plan of tasks. Feature first, each feature with its
 * {@code model} (plain Java), {@code application} (use cases and ports) and adapters ({@code kafka}, {@code mongo},
 * {@code web}, {@code http}) as it needs them: {@code registry}, {@code events}, {@code resolution}, {@code planning},
 * {@code cases}, {@code forwarding}, {@code webhooks}, {@code security}, {@code startup}. Wiring only in
 * {@link dev.rightsflow.router.RouterConfiguration}.
 */
package dev.rightsflow.router;

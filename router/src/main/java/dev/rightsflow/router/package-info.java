/**
 * Rightsflow router: controller resolution, forwarding and the plan of tasks. Packages:
 * {@code model} (plain-Java core), {@code application} (use cases), adapters {@code kafka},
 * {@code mongo}, {@code web}, {@code http}. Wiring only in {@link dev.rightsflow.router.RouterConfiguration}.
 */
package dev.rightsflow.router;

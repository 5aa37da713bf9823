/**
 * Rightsflow router: controller resolution, forwarding and the plan of tasks.
 */
package dev.rightsflow.router;

/**
 * The plan of tasks: one task per system per action from the controller's data map, connector capabilities and the
 * consent purposes withdrawn ({@code model.Planner}, {@code model.ConsentWithdrawal}), the working calendar it asks
 * for (implemented by the case clock) and what a data map
 * covers ({@code web.CoverageController}).
 */
package dev.rightsflow.router.planning;

/**
 * Tasks feature: every task the router dispatches, from its arrival to its settlement. Owns the task's state and
 * its transitions ({@code model}: {@code TaskRecord}, {@code TaskStatus}, the retry policy, the deadline guard and
 * {@code Settlement}, the pure decision of what a run's outcome makes of its task), the runner that claims and runs
 * tasks on their lanes, settles, retries, dead-letters, cancels and reminds ({@code application.TaskRunner}), the
 * task store port and its MongoDB adapter ({@code connectors_tasks}), the export vault (an export task's records,
 * encrypted at rest with {@code PackageCipher} until the access package is built), the publisher of task results
 * ({@code kafka}) and the operators' task API ({@code web}: dead letters, one-click retry, task views, validation,
 * vendor callbacks).
 */
package dev.rightsflow.connectors.tasks;

/**
 * The case of each request: its state, lifecycle and clock, the staff commands' rules and the facts they return
 * ({@code model}); load, decide, fold, store and publish, the steps the case takes on its own, the deadline worked
 * out with the deadline engine ({@code application}); the Avro contract of its facts, tasks at risk and retention
 * schedules ({@code kafka}); the store {@code router_cases} ({@code mongo}); the case, triage and forwarded views
 * ({@code web}).
 */
package dev.rightsflow.router.cases;

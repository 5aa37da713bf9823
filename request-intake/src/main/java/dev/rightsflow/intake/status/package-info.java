/**
 * The citizen's status view: the projection of one request folded from the flow's facts
 * ({@code model.RequestStatus}, {@code CaseFact}, the router's stated status and deadline
 * {@code RouterDeadline}, shown as stated once the case is open), what the citizen
 * is told ({@code model.StatusReport}, {@code StepWords}), reading it by status token ({@code application.ReadStatus})
 * and its store ({@code application.StatusStore}, {@code mongo.MongoStatusStore}).
 */
package dev.rightsflow.intake.status;

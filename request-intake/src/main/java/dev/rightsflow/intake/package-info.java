/**
 * Rightsflow request intake: the citizen's and the processor's way in.
 */
package dev.rightsflow.intake;

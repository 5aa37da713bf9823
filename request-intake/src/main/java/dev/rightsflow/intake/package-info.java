/**
 * Rightsflow request intake: the citizen's and the processor's way in. Laid out feature first (each feature's
 * {@code package-info} says what it owns), each feature with its {@code model}, {@code application} and adapter
 * packages ({@code web}, {@code kafka}, {@code mongo}, {@code http}) as it needs them; from the bottom up:
 * {@code request}, {@code shared}, {@code registry}, {@code mail}, {@code status}, {@code verification},
 * {@code withdrawal}, {@code submission}, the other ways in ({@code logged}, {@code opendsr}, {@code forwarded},
 * {@code mailbox}), {@code security} and {@code projection}. The wiring, settings and start-up stay here.
 */
package dev.rightsflow.intake;

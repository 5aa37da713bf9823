/**
 * Request intake's use cases: submit a request from any way in, verify identity, read a request's
 * status. Ports ({@code RegistryView}, {@code RequestEvents}, {@code StatusStore}, {@code DuplicateRegister},
 * {@code IdempotencyStore}, {@code CodeStore}, {@code Mailer}, {@code ReplayGuard}) are implemented by
 * the {@code kafka}, {@code mongo} and {@code mail} adapters.
 */
package dev.rightsflow.intake.application;

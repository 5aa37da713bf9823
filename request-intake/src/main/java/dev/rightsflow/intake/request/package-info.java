/**
 * The request itself, the vocabulary every feature shares: the seven rights and what each asks for
 * ({@code model}: {@code RightType}, {@code RightDetails}, {@code Submission}, {@code Subject}, {@code Channel},
 * {@code Verification}, {@code Forwarding}), the keys and hashes derived from the server secret ({@code RequestKeys},
 * {@code Hashing}), and the port intake's events leave through ({@code application.RequestEvents}, implemented by
 * {@code submission.kafka.KafkaRequestEvents}). The lowest feature: it depends on no other.
 */
package dev.rightsflow.intake.request;

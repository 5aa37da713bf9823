/**
 * Crypto-shredding of the requester's personal data in events: {@link dev.rightsflow.schemas.privacy.PersonalDataCipher}
 * seals an event's personal fields with the request's own data key at the serialisation boundary, and
 * {@link dev.rightsflow.schemas.privacy.KeyStore} keeps those keys ({@link dev.rightsflow.schemas.privacy.KafkaKeyStore}:
 * the compacted {@code rightsflow.keys} topic). Deleting a request's key makes every copy of its personal data on
 * every topic unreadable (storage limitation, UK GDPR Art 5(1)(e)).
 */
package dev.rightsflow.schemas.privacy;

package dev.rightsflow.schemas.privacy;

import java.util.Optional;

import javax.crypto.SecretKey;

/**
 * Where the per-request data keys live. A key exists from the first event that carries the request's
 * personal data until the request's retention ends; {@link #delete} is the crypto-shredding step: once
 * it returns, no service can open the request's sealed personal data again.
 */
public interface KeyStore {

    /** The request's key, made and stored (durably, before this returns) if it has none yet. */
    SecretKey keyFor(String requestId);

    /**
     * A key for a request that cannot have one yet, because its id was just made at random by the caller (intake's
     * unkeyed submissions): stored as durably as {@link #keyFor} does, but without first looking for a key another
     * process may have made. Only for ids no one else can know; anything else takes {@link #keyFor}.
     */
    default SecretKey newKeyFor(String requestId) {
        return keyFor(requestId);
    }

    /** The request's key; empty when it never had one or it was deleted. */
    Optional<SecretKey> find(String requestId);

    /** Deletes the request's key for good. Idempotent. */
    void delete(String requestId);
}

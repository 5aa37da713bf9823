package dev.rightsflow.schemas.privacy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.avro.ManualFindings;
import dev.rightsflow.schemas.avro.RightDetails;
import dev.rightsflow.schemas.avro.Subject;
import dev.rightsflow.schemas.serde.EventSerde;

/**
 * Seals the requester's personal data in an event with the request's own data key, so that deleting that key
 * ({@link KeyStore#delete}) leaves no readable copy on any topic (crypto-shredding; storage limitation, UK GDPR
 * Art 5(1)(e)).
 *
 * <p>Personal fields are the top-level fields of type {@code Subject} (name, email, phone, address, identifiers),
 * {@code RightDetails} (the request's free text, the correction, the purposes) and {@code ManualFindings} (files
 * and records staff attached to a manual task for the access package). On the wire the event keeps
 * every other field in clear, so every service can still fold a request whose key is gone, and its personal
 * fields are blank (an empty name and email, no identifiers, default details); the whole original event, encoded
 * by the event serde, travels encrypted in the record header {@value #HEADER}:
 * {@code 0x01 | 12-byte nonce | AES-256-GCM ciphertext and 128-bit tag}, with the event's type, id and request id
 * as associated data, so a sealed copy cannot be moved onto another event. Opening a record whose key was deleted
 * gives the blank event: an erased request reads as one without personal data, never as an error.
 */
public final class PersonalDataCipher {

    /** The Kafka record header that carries the sealed original. */
    public static final String HEADER = "rightsflow-sealed";
    private static final byte FORMAT = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final EventSerde serde;
    private final KeyStore keys;
    private final SecureRandom random = new SecureRandom();

    public PersonalDataCipher(EventSerde serde, KeyStore keys) {
        this.serde = serde;
        this.keys = keys;
    }

    /** The event as it goes on the wire and its sealed original. */
    public record Sealed(SpecificRecord onWire, byte[] sealed) {
    }

    /** Whether the event has personal fields to seal. */
    public static boolean carriesPersonalData(SpecificRecord event) {
        return !personalFields(event.getSchema()).isEmpty();
    }

    /** Seals an event that {@link #carriesPersonalData carries personal data}, making the request's key if needed. */
    public Sealed seal(SpecificRecord event) {
        SecretKey key = keys.keyFor(Events.requestId(event));
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(event));
            byte[] ciphertext = cipher.doFinal(serde.encode(event));
            ByteBuffer out = ByteBuffer.allocate(1 + NONCE_BYTES + ciphertext.length);
            out.put(FORMAT).put(nonce).put(ciphertext);
            return new Sealed(blanked(event), out.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required of every Java runtime", e);
        }
    }

    /**
     * The original event from its wire form and sealed copy; the wire form (blank personal fields) when the
     * request's key is gone or the sealed copy does not belong to this event.
     */
    public SpecificRecord open(SpecificRecord onWire, byte[] sealed) {
        if (sealed == null || sealed.length <= 1 + NONCE_BYTES || sealed[0] != FORMAT) {
            return onWire;
        }
        Optional<SecretKey> key = keys.find(Events.requestId(onWire));
        if (key.isEmpty()) {
            return onWire;
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.get(), new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(associatedData(onWire));
            byte[] plain = cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
            SpecificRecord original = serde.decode(plain);
            return original.getClass() == onWire.getClass() ? original : onWire;
        } catch (AEADBadTagException e) {
            return onWire;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required of every Java runtime", e);
        }
    }

    /**
     * Seals bytes that are the request's personal data but no event (a scanned letter, an email staff logged) with
     * the request's key, in the same format as an event's sealed copy; {@code purpose} is bound in as associated
     * data, so a sealed file cannot pass for another one. Blocks while a new key is stored.
     */
    public byte[] sealBytes(String requestId, String purpose, byte[] plain) {
        SecretKey key = keys.keyFor(requestId);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD((purpose + "\n" + requestId).getBytes(StandardCharsets.UTF_8));
            byte[] ciphertext = cipher.doFinal(plain);
            return ByteBuffer.allocate(1 + NONCE_BYTES + ciphertext.length).put(FORMAT).put(nonce).put(ciphertext).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required of every Java runtime", e);
        }
    }

    /** Bytes sealed by {@link #sealBytes}; empty when the request's key is gone (erased) or they do not match. */
    public Optional<byte[]> openBytes(String requestId, String purpose, byte[] sealed) {
        if (sealed == null || sealed.length <= 1 + NONCE_BYTES || sealed[0] != FORMAT) {
            return Optional.empty();
        }
        Optional<SecretKey> key = keys.find(requestId);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.get(), new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD((purpose + "\n" + requestId).getBytes(StandardCharsets.UTF_8));
            return Optional.of(cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES));
        } catch (AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required of every Java runtime", e);
        }
    }

    /** A copy of the event with its personal fields blank: what the wire shows, and what is left after erasure. */
    public static SpecificRecord blanked(SpecificRecord event) {
        SpecificRecord copy = SpecificData.get().deepCopy(event.getSchema(), event);
        for (Schema.Field field : personalFields(event.getSchema())) {
            if (copy.get(field.pos()) instanceof Subject) {
                copy.put(field.pos(), blankSubject());
            } else if (copy.get(field.pos()) instanceof RightDetails) {
                copy.put(field.pos(), RightDetails.newBuilder().build());
            } else if (copy.get(field.pos()) instanceof ManualFindings) {
                copy.put(field.pos(), ManualFindings.newBuilder().build());
            }
        }
        return copy;
    }

    /** The subject as it reads once blanked: no name, no contact, no identifiers. */
    public static Subject blankSubject() {
        return Subject.newBuilder().setName("").setEmail("").build();
    }

    private static List<Schema.Field> personalFields(Schema schema) {
        return schema.getFields().stream().filter(f -> isPersonal(f.schema())).toList();
    }

    private static boolean isPersonal(Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            return schema.getTypes().stream().anyMatch(PersonalDataCipher::isPersonal);
        }
        return schema.getType() == Schema.Type.RECORD && (schema.getFullName().equals(Subject.getClassSchema()
                .getFullName()) || schema.getFullName().equals(RightDetails.getClassSchema().getFullName())
                || schema.getFullName().equals(ManualFindings.getClassSchema().getFullName()));
    }

    private static byte[] associatedData(SpecificRecord event) {
        return (Events.type(event) + "\n" + Events.eventId(event) + "\n" + Events.requestId(event))
                .getBytes(StandardCharsets.UTF_8);
    }
}

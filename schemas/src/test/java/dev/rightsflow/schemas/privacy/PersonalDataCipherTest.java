package dev.rightsflow.schemas.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import dev.rightsflow.schemas.avro.CaseClosed;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.RightDetails;
import dev.rightsflow.schemas.serde.AvroSingleObjectSerde;
import dev.rightsflow.schemas.testing.SampleEvents;

/** Sealing and opening an event's personal fields with an in-memory key store. */
class PersonalDataCipherTest {

    private final AvroSingleObjectSerde serde = new AvroSingleObjectSerde();
    private final MemoryKeys keys = new MemoryKeys();
    private final PersonalDataCipher cipher = new PersonalDataCipher(serde, keys);

    @Test
    void theWireFormHoldsNoPersonalDataAndOpensToTheOriginal() {
        RequestReceived original = request("r-1");
        PersonalDataCipher.Sealed sealed = cipher.seal(original);
        String wire = new String(serde.encode(sealed.onWire()), StandardCharsets.ISO_8859_1)
                + new String(sealed.sealed(), StandardCharsets.ISO_8859_1);
        assertThat(wire).doesNotContain("Alex Example", "alex@example.org", "M-1001", "my address is wrong");
        RequestReceived onWire = (RequestReceived) sealed.onWire();
        assertThat(onWire.getSubject().getEmail()).isEmpty();
        assertThat(onWire.getOrganisationId()).isEqualTo("mes");
        assertThat(cipher.open(onWire, sealed.sealed())).isEqualTo(original);
    }

    @Test
    void onceTheKeyIsDeletedTheEventOpensBlankAndStillCarriesItsOtherFields() {
        RequestReceived original = request("r-2");
        PersonalDataCipher.Sealed sealed = cipher.seal(original);
        keys.delete("r-2");
        RequestReceived opened = (RequestReceived) cipher.open(sealed.onWire(), sealed.sealed());
        assertThat(opened.getSubject().getName()).isEmpty();
        assertThat(opened.getSubject().getIdentifiers()).isEmpty();
        assertThat(opened.getDetails().getDescription()).isNull();
        assertThat(opened.getRight()).isEqualTo(Right.RECTIFICATION);
        assertThat(opened.getEventId()).isEqualTo(original.getEventId());
    }

    @Test
    void aSealedCopyMovedOntoAnotherEventIsNotOpened() {
        PersonalDataCipher.Sealed first = cipher.seal(request("r-3"));
        RequestReceived other = (RequestReceived) cipher.seal(RequestReceived.newBuilder(request("r-3"))
                .setEventId("another-event").build()).onWire();
        SpecificRecord opened = cipher.open(other, first.sealed());
        assertThat(((RequestReceived) opened).getSubject().getEmail()).isEmpty();
    }

    @Test
    void anEventWithoutPersonalFieldsIsNotSealed() {
        CaseClosed closed = CaseClosed.newBuilder().setEventId("e").setRequestId("r-4")
                .setOccurredAt(java.time.Instant.now()).setActor(dev.rightsflow.schemas.Events.service("test"))
                .setOutcome("ANSWERED").setSummary("done").build();
        assertThat(PersonalDataCipher.carriesPersonalData(closed)).isFalse();
        assertThat(PersonalDataCipher.carriesPersonalData(request("r-4"))).isTrue();
    }

    private static RequestReceived request(String id) {
        return RequestReceived.newBuilder(SampleEvents.requestReceived(id, Right.RECTIFICATION, "mes", null))
                .setDetails(RightDetails.newBuilder().setDescription("my address is wrong")
                        .setRectificationCorrection("1 New Street").setConsentPurposes(List.of()).build())
                .build();
    }

    /** Keys in memory: the contract of {@link KeyStore} without a broker. */
    static final class MemoryKeys implements KeyStore {
        private final Map<String, SecretKey> keys = new HashMap<>();

        @Override
        public SecretKey keyFor(String requestId) {
            return keys.computeIfAbsent(requestId, id -> {
                try {
                    KeyGenerator generator = KeyGenerator.getInstance("AES");
                    generator.init(256);
                    return generator.generateKey();
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        @Override
        public Optional<SecretKey> find(String requestId) {
            return Optional.ofNullable(keys.get(requestId));
        }

        @Override
        public void delete(String requestId) {
            keys.remove(requestId);
        }
    }
}

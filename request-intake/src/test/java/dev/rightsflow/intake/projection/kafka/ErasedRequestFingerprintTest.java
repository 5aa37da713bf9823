package dev.rightsflow.intake.projection.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.rightsflow.intake.status.model.CaseFact;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.privacy.PersonalDataCipher;
import dev.rightsflow.schemas.testing.SampleEvents;

/**
 * A request folded from the topic after its personal data was erased reads with a blank subject: it gets no duplicate
 * fingerprint, so a rebuild neither puts a fingerprint back nor makes erased requests one another's duplicates.
 */
class ErasedRequestFingerprintTest {

    @Test
    void blankSubjectHasNoFingerprintAndARealOneHas() {
        RequestReceived kept = SampleEvents.requestReceived("req-fp", Right.ACCESS, "mes", "mes-corporate-website");
        RequestReceived erased = (RequestReceived) PersonalDataCipher.blanked(kept);

        assertThat(fingerprint(kept)).isNotBlank();
        assertThat(fingerprint(erased)).isNull();
    }

    private static String fingerprint(RequestReceived event) {
        return ((CaseFact.Received) AvroFacts.fact(event, id -> Optional.empty()).orElseThrow()).fingerprint();
    }
}

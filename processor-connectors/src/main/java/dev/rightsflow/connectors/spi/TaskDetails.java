package dev.rightsflow.connectors.spi;

import java.util.List;

/**
 * What the subject asked for beyond the right itself, as far as a connector needs it.
 *
 * @param rectificationWhatIsWrong Art 16: the data that is wrong
 * @param rectificationCorrection  Art 16: what it should be
 * @param restrictionGround        Art 18(1) ground
 * @param directMarketingObjection Art 21(2)-(3): the objection is to direct marketing (absolute: suppress)
 * @param consentPurposes          Art 7(3): purposes whose consent is withdrawn
 */
public record TaskDetails(String rectificationWhatIsWrong, String rectificationCorrection, String restrictionGround,
        boolean directMarketingObjection, List<String> consentPurposes) {

    public TaskDetails {
        consentPurposes = consentPurposes == null ? List.of() : List.copyOf(consentPurposes);
    }

    public static TaskDetails none() {
        return new TaskDetails(null, null, null, false, List.of());
    }

    @Override
    public String toString() {
        return "TaskDetails[redacted]";
    }
}

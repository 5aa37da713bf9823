package dev.rightsflow.intake.request.model;

import java.util.List;

/**
 * What the subject asks for beyond the right itself; each field applies to one right.
 *
 * @param rectificationWhatIsWrong    Art 16: the data that is wrong
 * @param rectificationCorrection     Art 16: what it should be
 * @param restrictionGround           Art 18(1): the ground
 * @param objectionProcessing         Art 21: the processing objected to
 * @param objectionDirectMarketing    Art 21(2)-(3): objection to direct marketing (absolute)
 * @param portabilityTargetController Art 20(2): the controller to transmit to, when asked
 * @param consentPurposes             Art 7(3): purposes whose consent is withdrawn
 */
public record RightDetails(String description, String rectificationWhatIsWrong, String rectificationCorrection,
        RestrictionGround restrictionGround, String objectionProcessing, boolean objectionDirectMarketing,
        String portabilityTargetController, List<String> consentPurposes) {

    public RightDetails {
        consentPurposes = consentPurposes == null ? List.of() : List.copyOf(consentPurposes);
    }

    public static RightDetails none() {
        return new RightDetails(null, null, null, null, null, false, null, List.of());
    }
}

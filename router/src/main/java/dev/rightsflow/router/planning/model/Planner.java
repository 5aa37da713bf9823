package dev.rightsflow.router.planning.model;

import dev.rightsflow.router.registry.model.ConnectorType;
import dev.rightsflow.router.registry.model.Division;
import dev.rightsflow.router.registry.model.LawfulBasis;
import dev.rightsflow.router.registry.model.Organisation;
import dev.rightsflow.router.registry.model.Right;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.rightsflow.schemas.model.Action;

/**
 * Plans an accepted request from the controller's data map: one task per system per action,
 * exemptions recorded instead of tasks, independent controllers signposted.
 *
 * <p>Which systems a right reaches (every system in the data map holds personal data):
 * <ul>
 *   <li>Erasure (Art 17): ERASE at every system; categories covered by an Art 17(3) exemption are
 *       kept and recorded (partial fulfilment is normal); a system exempt as a whole gets no task.</li>
 *   <li>Access (Art 15): EXPORT at every system.</li>
 *   <li>Portability (Art 20): EXPORT only where processing rests on consent or contract
 *       (Art 20(1)(a)); other systems are recorded as exempt, public task by Art 20(3).</li>
 *   <li>Rectification (Art 16) and restriction (Art 18): RECTIFY / RESTRICT at every system.</li>
 *   <li>Objection (Art 21): to direct marketing, SUPPRESS at every direct-marketing system (keep
 *       the minimum never to contact again; do not delete; Art 21(3)); otherwise RESTRICT where
 *       processing rests on legitimate interests or public task while the objection is assessed
 *       (Art 18(1)(d)).</li>
 *   <li>Consent withdrawal (Art 7(3)): WITHDRAW_CONSENT at every system serving a named purpose;
 *       when none is named, at every system serving any purpose or resting on consent.</li>
 *   <li>After any ERASE, RECTIFY or RESTRICT: NOTIFY_RECIPIENT per recipient (Art 19).</li>
 * </ul>
 * A system a right reaches always gets its task (or its exemption): the system's connector does
 * it when the registry lists the action for the system and the connector type can do it with the
 * system's configuration ({@link ConnectorType}); otherwise a person does it (connector
 * {@code manual}, with instructions naming the system, the action and the reason; every task when
 * the controller cannot match the subject by its identities, {@link RequestFacts#unmatchedIdentity}). A system that
 * holds none of the data a right concerns gets nothing.
 *
 * <p>The last safe dispatch date of a task is the case's deadline less the holder's turnaround in
 * working days; a task planned after it is at risk.
 */
public final class Planner {

    static final String RECIPIENT_PREFIX = "recipient:";

    /** Art 19: recipients are told of rectification, erasure and restriction. */
    private static final Set<Action> NOTIFIED_UNDER_ART_19 = EnumSet.of(Action.ERASE, Action.RECTIFY, Action.RESTRICT);

    private final WorkingCalendar calendar;
    private final IdDeriver ids;

    public Planner(WorkingCalendar calendar, IdDeriver ids) {
        this.calendar = calendar;
        this.ids = ids;
    }

    public CasePlan plan(Organisation controller, RequestFacts request, LocalDate deadline, LocalDate today) {
        List<CasePlan.Task> tasks = new ArrayList<>();
        List<CasePlan.Exemption> exemptions = new ArrayList<>();
        for (Organisation.DataSystem system : controller.systems()) {
            switch (request.right()) {
                case ERASURE -> {
                    Set<String> exempt = new HashSet<>();
                    boolean wholeSystem = false;
                    for (Organisation.ExemptionRule rule : system.exemptions()) {
                        exemptions.add(new CasePlan.Exemption(system.id(), rule.category(), rule.legalBasis(),
                                rule.explanation()));
                        if (rule.category() == null || rule.category().isBlank()) {
                            wholeSystem = true;
                        } else {
                            exempt.add(rule.category());
                        }
                    }
                    List<String> remaining = system.categories().stream().filter(c -> !exempt.contains(c)).toList();
                    if (!wholeSystem && (system.categories().isEmpty() || !remaining.isEmpty())) {
                        tasks.add(task(request, controller, system, Action.ERASE, remaining, List.of(), deadline, today));
                    }
                }
                case ACCESS -> tasks.add(task(request, controller, system, Action.EXPORT, system.categories(), List.of(),
                        deadline, today));
                case PORTABILITY -> {
                    if (system.lawfulBasis().portable()) {
                        tasks.add(task(request, controller, system, Action.EXPORT, system.categories(), List.of(),
                                deadline, today));
                    } else if (system.lawfulBasis() == LawfulBasis.PUBLIC_TASK) {
                        exemptions.add(new CasePlan.Exemption(system.id(), null, "Art 20(3) UK GDPR",
                                "processing is carried out in the public interest; portability does not apply"));
                    } else {
                        exemptions.add(new CasePlan.Exemption(system.id(), null, "Art 20(1)(a) UK GDPR",
                                "processing rests on " + system.lawfulBasis().name().toLowerCase().replace('_', ' ')
                                        + ", not consent or contract; portability does not apply (the data is"
                                        + " still available under the right of access)"));
                    }
                }
                case RECTIFICATION -> tasks.add(task(request, controller, system, Action.RECTIFY, system.categories(),
                        List.of(), deadline, today));
                case RESTRICTION -> tasks.add(task(request, controller, system, Action.RESTRICT, system.categories(),
                        List.of(), deadline, today));
                case OBJECTION -> {
                    if (request.objectionDirectMarketing()) {
                        if (system.directMarketing()) {
                            tasks.add(task(request, controller, system, Action.SUPPRESS, system.categories(),
                                    List.of(), deadline, today));
                        }
                    } else if (system.lawfulBasis().objectable()) {
                        tasks.add(task(request, controller, system, Action.RESTRICT, system.categories(), List.of(),
                                deadline, today));
                    }
                }
                case CONSENT_WITHDRAWAL -> {
                    List<String> purposes = withdrawnPurposes(system, request);
                    if (purposes != null) {
                        tasks.add(task(request, controller, system, Action.WITHDRAW_CONSENT, system.categories(),
                                purposes, deadline, today));
                    }
                }
            }
        }
        boolean notifyRecipients = tasks.stream().anyMatch(t -> NOTIFIED_UNDER_ART_19.contains(t.action()));
        if (notifyRecipients) {
            for (Organisation.Recipient recipient : controller.recipients()) {
                tasks.add(recipientTask(request, recipient));
            }
        }
        List<CasePlan.Signpost> signposts = controller.independentControllers().stream()
                .map(c -> new CasePlan.Signpost(c.name(), c.explanation(), c.contact())).toList();
        return new CasePlan(tasks, exemptions, signposts);
    }

    /**
     * What the controller's data map does for each right, for an administrator checking the
     * registry: every task a typical request would get (objection both to direct marketing and on
     * other grounds; consent withdrawal of every purpose), which connector runs it and, for a
     * person, why; and the exemptions recorded instead of tasks. Dates play no part.
     */
    public List<Coverage> coverage(Organisation controller) {
        List<Coverage> rows = new ArrayList<>();
        for (Right right : Right.values()) {
            for (boolean directMarketing : right == Right.OBJECTION ? List.of(true, false) : List.of(false)) {
                CasePlan plan = plan(controller, new RequestFacts("coverage", right, directMarketing, List.of()), null,
                        LocalDate.MIN);
                for (CasePlan.Task t : plan.tasks()) {
                    rows.add(new Coverage(right, directMarketing, t.systemId(), t.action(), t.connector(), t.byHand(),
                            null));
                }
                for (CasePlan.Exemption e : plan.exemptions()) {
                    rows.add(new Coverage(right, directMarketing, e.systemId(), null, null, null,
                            e.legalBasis() + (e.dataCategory() == null ? "" : " (" + e.dataCategory() + ")")));
                }
            }
        }
        return rows;
    }

    /**
     * One row of {@link #coverage}: a task ({@code action}, {@code connector}, {@code byHand} when a
     * person does it) or an exemption ({@code exemption}: its legal basis and category).
     */
    public record Coverage(Right right, boolean directMarketing, String systemId, Action action, String connector,
            String byHand, String exemption) {
    }

    /**
     * The consent purposes a withdrawal reaches at a system, or null when it does not reach it:
     * the named purposes the system serves, every purpose it serves when none is named, and a
     * system resting on consent without declared purposes when none is named (all consent is
     * withdrawn; nothing says which purpose that system serves, so it is not passed over).
     */
    private static List<String> withdrawnPurposes(Organisation.DataSystem system, RequestFacts request) {
        if (request.consentPurposes().isEmpty()) {
            return !system.consentPurposes().isEmpty() || system.lawfulBasis() == LawfulBasis.CONSENT
                    ? system.consentPurposes() : null;
        }
        List<String> named = system.consentPurposes().stream()
                .filter(p -> request.consentPurposes().stream().anyMatch(p::equalsIgnoreCase)).toList();
        return named.isEmpty() ? null : named;
    }

    /**
     * One task for one action at one system. The system's own connector runs it when the registry
     * lists the action for the system and the connector can carry it out with the system's
     * configuration ({@link ConnectorType}); otherwise a person does it (connector
     * {@code manual}, instructions naming the system, the action and why), so no action the
     * right needs is left undone or sent to a connector that would fail it permanently. The task
     * id is the same either way.
     */
    private CasePlan.Task task(RequestFacts request, Organisation controller, Organisation.DataSystem system,
            Action action, List<String> categories, List<String> purposes, LocalDate deadline, LocalDate today) {
        LocalDate lastSafe = lastSafeDispatch(controller.division(), system.slaDays(), deadline);
        boolean atRisk = lastSafe != null && today.isAfter(lastSafe);
        Optional<String> byHand = request.unmatchedIdentity() != null ? Optional.of(request.unmatchedIdentity())
                : system.supports(action) ? ConnectorType.whyNot(system.connector(), action, system.config())
                : Optional.of("the registry lists no " + ConnectorType.verb(action) + " procedure for this system");
        String connector = byHand.isPresent() ? ConnectorType.MANUAL : system.connector();
        Map<String, String> config = byHand.map(why -> byHandConfig(sentence(action, system.name()), why,
                system.heldBy(), system.config())).orElse(system.config());
        return new CasePlan.Task(ids.derive(request.requestId(), system.id(), action.name()), system.id(), system.name(),
                action, connector, config, categories, purposes, lastSafe, atRisk, byHand.orElse(null));
    }

    private CasePlan.Task recipientTask(RequestFacts request, Organisation.Recipient recipient) {
        String systemId = RECIPIENT_PREFIX + recipient.id();
        Optional<String> byHand = request.unmatchedIdentity() != null ? Optional.of(request.unmatchedIdentity())
                : ConnectorType.whyNot(recipient.connector(), Action.NOTIFY_RECIPIENT, recipient.config());
        String connector = byHand.isPresent() ? ConnectorType.MANUAL : recipient.connector();
        Map<String, String> config = byHand.map(why -> byHandConfig(sentence(Action.NOTIFY_RECIPIENT, recipient.name()),
                why, null, recipient.config())).orElse(recipient.config());
        return new CasePlan.Task(ids.derive(request.requestId(), systemId, Action.NOTIFY_RECIPIENT.name()), systemId,
                recipient.name(), Action.NOTIFY_RECIPIENT, connector, config, List.of(), List.of(), null, false,
                byHand.orElse(null));
    }

    /**
     * The manual connector's configuration for an action done by hand: what to do where and why
     * not automatically (which also tells the administrator what to fix in the registry), who runs
     * the system, and the system's usual instructions, contact and reminder interval when it has them.
     * Nothing else of the system's configuration: a person needs no API address or secret name.
     */
    private static Map<String, String> byHandConfig(String what, String why, String heldBy,
            Map<String, String> systemConfig) {
        StringBuilder instructions = new StringBuilder(what).append(" by hand: ").append(why).append('.');
        if (heldBy != null && !heldBy.isBlank()) {
            instructions.append(" The system is run by ").append(heldBy).append('.');
        }
        if (systemConfig.get("instructions") != null) {
            instructions.append(" Usual instructions for this system: ").append(systemConfig.get("instructions"));
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put("instructions", instructions.toString());
        for (String kept : List.of("contact", "reminderEvery")) {
            if (systemConfig.get(kept) != null) {
                config.put(kept, systemConfig.get(kept));
            }
        }
        return config;
    }

    /** "Rectify the subject's data in Qualtrics": the task for a person, naming the action and where. */
    private static String sentence(Action action, String where) {
        return switch (action) {
            case ERASE -> "Erase the subject's data in " + where;
            case EXPORT -> "Export the subject's data from " + where;
            case RECTIFY -> "Rectify the subject's data in " + where;
            case RESTRICT -> "Restrict the processing of the subject's data in " + where;
            case SUPPRESS -> "Suppress the subject for direct marketing in " + where;
            case WITHDRAW_CONSENT -> "Record the withdrawal of the subject's consent in " + where;
            case NOTIFY_RECIPIENT -> "Notify " + where + " of the rectification, erasure or restriction";
            case FORWARD_TO_CONTROLLER -> "Forward the request to " + where;
        };
    }

    /** The deadline less the holder's turnaround in working days; null when the turnaround is unknown. */
    public LocalDate lastSafeDispatch(Division division, Integer slaDays, LocalDate deadline) {
        if (slaDays == null || deadline == null) {
            return null;
        }
        return calendar.minusWorkingDays(division, deadline, slaDays);
    }
}

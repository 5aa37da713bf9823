package dev.rightsflow.router.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans an accepted request from the controller's data map: one task per system per action,
 * exemptions recorded instead of tasks, independent controllers signposted.
 *
 * <ul>
 *   <li>Erasure (Art 17): ERASE at every system that can; categories covered by an Art 17(3)
 *       exemption are kept and recorded (partial fulfilment is normal); a system exempt as a whole
 *       gets no task. Then NOTIFY_RECIPIENT per recipient (Art 19).</li>
 *   <li>Access (Art 15): EXPORT at every system that can.</li>
 *   <li>Portability (Art 20): EXPORT only where processing rests on consent or contract
 *       (Art 20(1)(a)); other systems are recorded as exempt, public task by Art 20(3).</li>
 *   <li>Rectification (Art 16) and restriction (Art 18): RECTIFY / RESTRICT, then NOTIFY_RECIPIENT (Art 19).</li>
 *   <li>Objection (Art 21): to direct marketing, SUPPRESS at every direct-marketing system (keep
 *       the minimum never to contact again; do not delete; Art 21(3)); otherwise RESTRICT where
 *       processing rests on legitimate interests or public task while the objection is assessed
 *       (Art 18(1)(d)), then NOTIFY_RECIPIENT.</li>
 *   <li>Consent withdrawal (Art 7(3)): WITHDRAW_CONSENT at every system serving a named purpose
 *       (every consent purpose when none is named).</li>
 * </ul>
 *
 * The last safe dispatch date of a task is the case's deadline less the holder's turnaround in
 * working days; a task planned after it is at risk.
 */
public final class Planner {

    static final String RECIPIENT_PREFIX = "recipient:";

    private final WorkingCalendar calendar;
    private final IdDeriver ids;

    public Planner(WorkingCalendar calendar, IdDeriver ids) {
        this.calendar = calendar;
        this.ids = ids;
    }

    public CasePlan plan(Organisation controller, RequestFacts request, LocalDate deadline, LocalDate today) {
        List<CasePlan.Task> tasks = new ArrayList<>();
        List<CasePlan.Exemption> exemptions = new ArrayList<>();
        boolean notifyRecipients = false;
        for (Organisation.DataSystem system : controller.systems()) {
            switch (request.right()) {
                case ERASURE -> {
                    if (!system.supports(Action.ERASE)) {
                        continue;
                    }
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
                    notifyRecipients = true;
                }
                case ACCESS -> {
                    if (system.supports(Action.EXPORT)) {
                        tasks.add(task(request, controller, system, Action.EXPORT, system.categories(), List.of(),
                                deadline, today));
                    }
                }
                case PORTABILITY -> {
                    if (!system.supports(Action.EXPORT)) {
                        continue;
                    }
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
                case RECTIFICATION -> {
                    if (system.supports(Action.RECTIFY)) {
                        tasks.add(task(request, controller, system, Action.RECTIFY, system.categories(), List.of(),
                                deadline, today));
                        notifyRecipients = true;
                    }
                }
                case RESTRICTION -> {
                    if (system.supports(Action.RESTRICT)) {
                        tasks.add(task(request, controller, system, Action.RESTRICT, system.categories(), List.of(),
                                deadline, today));
                        notifyRecipients = true;
                    }
                }
                case OBJECTION -> {
                    if (request.objectionDirectMarketing()) {
                        if (system.directMarketing() && system.supports(Action.SUPPRESS)) {
                            tasks.add(task(request, controller, system, Action.SUPPRESS, system.categories(),
                                    List.of(), deadline, today));
                        }
                    } else if (system.lawfulBasis().objectable() && system.supports(Action.RESTRICT)) {
                        tasks.add(task(request, controller, system, Action.RESTRICT, system.categories(), List.of(),
                                deadline, today));
                        notifyRecipients = true;
                    }
                }
                case CONSENT_WITHDRAWAL -> {
                    if (!system.supports(Action.WITHDRAW_CONSENT) || system.consentPurposes().isEmpty()) {
                        continue;
                    }
                    List<String> purposes = request.consentPurposes().isEmpty() ? system.consentPurposes()
                            : system.consentPurposes().stream()
                                    .filter(p -> request.consentPurposes().stream().anyMatch(p::equalsIgnoreCase))
                                    .toList();
                    if (!purposes.isEmpty()) {
                        tasks.add(task(request, controller, system, Action.WITHDRAW_CONSENT, system.categories(),
                                purposes, deadline, today));
                    }
                }
            }
        }
        if (notifyRecipients) {
            for (Organisation.Recipient recipient : controller.recipients()) {
                String systemId = RECIPIENT_PREFIX + recipient.id();
                tasks.add(new CasePlan.Task(ids.derive(request.requestId(), systemId, Action.NOTIFY_RECIPIENT.name()),
                        systemId, recipient.name(), Action.NOTIFY_RECIPIENT, recipient.connector(), recipient.config(),
                        List.of(), List.of(), null, false));
            }
        }
        List<CasePlan.Signpost> signposts = controller.independentControllers().stream()
                .map(c -> new CasePlan.Signpost(c.name(), c.explanation(), c.contact())).toList();
        return new CasePlan(tasks, exemptions, signposts);
    }

    private CasePlan.Task task(RequestFacts request, Organisation controller, Organisation.DataSystem system,
            Action action, List<String> categories, List<String> purposes, LocalDate deadline, LocalDate today) {
        LocalDate lastSafe = lastSafeDispatch(controller.division(), system.slaDays(), deadline);
        boolean atRisk = lastSafe != null && today.isAfter(lastSafe);
        Map<String, String> config = system.config();
        return new CasePlan.Task(ids.derive(request.requestId(), system.id(), action.name()), system.id(), system.name(),
                action, system.connector(), config, categories, purposes, lastSafe, atRisk);
    }

    /** The deadline less the holder's turnaround in working days; null when the turnaround is unknown. */
    public LocalDate lastSafeDispatch(Division division, Integer slaDays, LocalDate deadline) {
        if (slaDays == null || deadline == null) {
            return null;
        }
        return calendar.minusWorkingDays(division, deadline, slaDays);
    }
}

package dev.rightsflow.auditlog.dashboard.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.rightsflow.auditlog.cases.application.CaseView;
import dev.rightsflow.auditlog.cases.model.CaseFile;
import dev.rightsflow.auditlog.cases.model.CaseTask;
import dev.rightsflow.auditlog.cases.model.DeadlinePosition;
import dev.rightsflow.auditlog.cases.model.TaskState;
import dev.rightsflow.auditlog.lanes.LaneView;
import dev.rightsflow.auditlog.trail.model.AuditEntry;
import dev.rightsflow.deadline.PlainWords;

/**
 * The model of the case page ({@code case.mustache}, also the live fragment): the case, its deadline, tasks,
 * exemptions and signposts, and its timeline, all in words; its regions marked for the live update, the action
 * forms in a list of their own that the update leaves alone.
 */
final class CasePage {

    private final CaseWords words;
    private final LaneView lanes;

    CasePage(CaseWords words, LaneView lanes) {
        this.words = words;
        this.lanes = lanes;
    }

    record Task(String taskId, String system, String action, String connector, String state, boolean vendorPaused,
            String attempts, String lastSafeDispatch, boolean atRisk, String note) {
    }

    record Rejection(String command, String at, String reason) {
    }

    record Triage(String reason, String candidates) {
    }

    record Entry(long sequence, String when, String event, String who, String details, String deadline) {
    }

    Map<String, Object> model(CaseView view, List<AuditEntry> entries, List<String> forms,
            DashboardPages.PausedLanes paused) {
        CaseFile f = view.file();
        DeadlinePosition d = view.deadline();
        Map<String, Object> m = new HashMap<>();
        m.put("requestId", f.requestId);
        m.put("right", Labels.right(f.right));
        m.put("badge", words.badge(view));
        m.put("status", Labels.status(f.status));
        m.put("controller", view.controllerName() == null ? "not yet known" : view.controllerName());
        m.put("controllerRule", f.controllerRule);
        m.put("receivedBy", f.receivingOrganisationId == null ? "not known" : words.organisation(f.receivingOrganisationId));
        m.put("channel", Labels.channel(f.channel));
        m.put("received", CaseWords.dateTime(f.receivedAt));
        m.put("processors", PlainWords.list(view.processorNames()));
        m.put("identity", identity(f));
        m.put("outcome", f.outcome == null ? null : Labels.words(f.outcome));
        m.put("refusal", f.refusalGround == null ? null : Labels.words(f.refusalGround)
                + (f.refusalReason == null ? "" : ": " + f.refusalReason));
        m.put("originalLink", LogRequestPage.originalLink(f.requestId, f.channel));
        m.put("due", CaseWords.date(d.statutoryDue()));
        m.put("dueIso", d.statutoryDue() == null ? null : d.statutoryDue().toString());
        m.put("extended", d.extended());
        m.put("provisional", CaseWords.provisional(d));
        m.put("noDue", CaseWords.noDue(f, d, true));
        m.put("daysLeft", d.daysLeft() == null ? "–" : d.daysLeft()
                + (d.workingDaysLeft() == null ? "" : " (" + PlainWords.count(d.workingDaysLeft(), "working day",
                        "working days") + ")"));
        m.put("clockStart", d.clockStart() == null ? "not started" : CaseWords.date(d.clockStart()));
        m.put("monthOne", CaseWords.date(d.monthOneDue()));
        m.put("extensionAllowed", d.extensionAllowed());
        m.put("division", Labels.division(d.division()));
        m.put("targets", d.targets().stream().map(words::target).toList());
        m.put("steps", d.steps());
        m.put("hasSteps", !d.steps().isEmpty());
        m.put("warning", d.warning());
        m.put("pauses", f.pauses.stream().map(p -> CaseWords.date(p.from()) + " to "
                + (p.to() == null ? "now" : CaseWords.date(p.to()))).toList());
        m.put("rejection", f.rejectedCommand == null ? null : new Rejection(CaseWords.words(f.rejectedCommand),
                CaseWords.dateTime(f.rejectedAt), f.rejectionReason));
        m.put("triage", f.triageReason == null ? null : new Triage(f.triageReason,
                PlainWords.list(f.triageCandidates.stream().map(words::organisation).toList())));
        m.put("paused", paused);
        m.put("tasks", f.tasks.stream().map(t -> task(t, view.tasksAtRisk().contains(t))).toList());
        List<String> exemptions = exemptions(f);
        m.put("exemptions", exemptions);
        m.put("hasExemptions", !exemptions.isEmpty());
        List<String> signposts = signposts(f);
        m.put("signposts", signposts);
        m.put("hasSignposts", !signposts.isEmpty());
        m.put("forms", forms);
        List<Entry> timeline = new ArrayList<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            AuditEntry e = entries.get(i);
            timeline.add(new Entry(e.sequence(), CaseWords.dateTime(e.occurredAt()), CaseWords.words(e.sourceEventType()),
                    who(e), CaseWords.details(e.payload()), CaseWords.date(e.deadline())));
        }
        m.put("timeline", timeline);
        return m;
    }

    private static String identity(CaseFile f) {
        String how = Labels.verification(f.verification);
        return f.identityVerifiedAt == null ? how : how + ", verified on " + CaseWords.dateTime(f.identityVerifiedAt);
    }

    private Task task(CaseTask t, boolean atRisk) {
        boolean vendorPaused = (t.state == TaskState.RETRYING || t.state == TaskState.DISPATCHED)
                && lanes.pausedSystem(t.systemId).isPresent();
        boolean finished = t.state == TaskState.COMPLETED || t.state == TaskState.CANCELLED;
        String attempts = finished ? (t.attempts > 0 ? String.valueOf(t.attempts) : "")
                : t.attempts == 0 ? "none yet" : String.valueOf(t.attempts);
        String note = switch (t.state) {
            case NEEDS_PERSON -> t.instructions;
            case COMPLETED -> t.subjectFound == null ? t.lastReason
                    : (t.subjectFound ? "data found" : "nothing held")
                            + (t.recordsAffected == null ? "" : ", " + PlainWords.count(t.recordsAffected, "record", "records"));
            default -> t.lastReason;
        };
        return new Task(t.taskId, words.system(t.systemId), Labels.taskAction(t.action), t.connector,
                vendorPaused ? "Waiting for the vendor" : Labels.taskState(t.state), vendorPaused, attempts,
                CaseWords.date(t.lastSafeDispatch), atRisk, note);
    }

    /** Each exemption in words; a projection built before they were kept says how many. */
    private List<String> exemptions(CaseFile f) {
        if (!f.exemptionDetails.isEmpty()) {
            return f.exemptionDetails.stream().map(e -> words.system(e.systemId())
                    + (e.dataCategory() == null ? "" : " (" + e.dataCategory() + ")") + ": " + e.explanation()
                    + " (" + e.legalBasis() + ")").toList();
        }
        return f.exemptions == 0 ? List.of() : List.of(PlainWords.count(f.exemptions, "exemption", "exemptions")
                + " recorded before their details were kept: rebuild the projection to list them");
    }

    private static List<String> signposts(CaseFile f) {
        if (!f.signpostDetails.isEmpty()) {
            return f.signpostDetails.stream().map(s -> s.organisationName() + ": " + s.explanation()
                    + (s.contact() == null ? "" : " (contact: " + s.contact() + ")")).toList();
        }
        return f.signposts;
    }

    /** Who caused an entry, in words: "demo-ecs (staff of ECS)", "Rightsflow (router)", "the person who asked". */
    private String who(AuditEntry e) {
        String type = e.actorType() == null ? "UNKNOWN" : e.actorType();
        String org = e.actorOrganisationId() == null ? null : words.organisation(e.actorOrganisationId());
        return switch (type) {
            case "STAFF" -> e.actorId() + " (staff" + (org == null ? "" : " of " + org) + ")";
            case "SYSTEM" -> "Rightsflow (" + e.actorId() + ")";
            case "CITIZEN" -> "the person who asked";
            case "PROCESSOR" -> org != null ? org + " (processor)" : words.organisation(e.actorId()) + " (processor)";
            default -> Labels.actor(type) + (e.actorId() == null ? "" : " " + e.actorId());
        };
    }
}

package dev.rightsflow.auditlog.dashboard.web;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.rightsflow.auditlog.cases.application.CaseView;
import dev.rightsflow.auditlog.cases.model.CaseDeadline;
import dev.rightsflow.auditlog.cases.model.CaseFile;
import dev.rightsflow.auditlog.cases.model.CaseStatus;
import dev.rightsflow.auditlog.cases.model.DeadlinePosition;
import dev.rightsflow.auditlog.registry.RegistryView;
import dev.rightsflow.deadline.PlainWords;

/**
 * A case in words for the case list, the case page and the failures page: the row of the case list
 * ({@code case-rows.mustache}), the badge that says how it stands, a short line beside its id, dates in
 * words ({@link PlainWords}), organisations and systems by name from the registry view.
 */
final class CaseWords {

    private final RegistryView registry;

    CaseWords(RegistryView registry) {
        this.registry = registry;
    }

    /** A badge: colour class and text. */
    record Badge(String colour, String text) {
    }

    /** One row of the case list. */
    record Row(String requestId, String summary, boolean overdue, boolean atRisk, String right, String status,
            String controller, String processors, String received, String channel, String due, String dueIso,
            boolean extended, boolean provisional, String daysLeft, Badge badge, String ownTarget, String noDue) {
    }

    Row row(CaseView v) {
        var f = v.file();
        DeadlinePosition d = v.deadline();
        String own = d.targets().stream().filter(t -> "respond".equals(t.kind()) || "respond-extended".equals(t.kind()))
                .map(this::target).collect(Collectors.joining("; "));
        return new Row(f.requestId, summary(v), d.overdue(), !d.overdue() && v.atRisk(), Labels.right(f.right),
                Labels.status(f.status), v.controllerName(), PlainWords.list(v.processorNames()),
                date(f.receivedAt == null ? null : PlainWords.ukDate(f.receivedAt)), LogRequestPage.channelWord(f.channel),
                date(d.statutoryDue()), d.statutoryDue() == null ? null : d.statutoryDue().toString(), d.extended(),
                provisional(d), d.daysLeft() == null ? "–" : String.valueOf(d.daysLeft()), badge(v), own,
                noDue(f, d, false));
    }

    /**
     * What stands in place of a statutory date the case does not have: the router has not stated it yet, the
     * clock is stopped for a clarification (Art 12A), or it has not started because the person's identity is
     * still to be confirmed (the clock runs from confirmation). {@code full} adds the reason, for the case page.
     */
    static String noDue(CaseFile f, DeadlinePosition d, boolean full) {
        if (CaseDeadline.beingWorkedOut(d)) {
            return "being worked out";
        }
        if (f.status == CaseStatus.AWAITING_IDENTITY || !d.paused() && d.clockStart() == null) {
            return full ? "clock not started (waiting for proof of identity)" : "clock not started";
        }
        return full ? "clock stopped (awaiting clarification)" : "clock stopped";
    }

    /** Beside the id: "Erasure request made to Engaging Communities Staffordshire (ECS)". */
    String summary(CaseView v) {
        var f = v.file();
        String receiver = f.receivingOrganisationId == null ? null : organisation(f.receivingOrganisationId);
        return Labels.right(f.right) + " request" + (receiver == null ? "" : " made to " + receiver);
    }

    Badge badge(CaseView v) {
        if (v.deadline().overdue()) {
            return new Badge("red", "overdue");
        }
        if (v.atRisk()) {
            return new Badge("amber", "at risk");
        }
        if (v.file().status == CaseStatus.PAUSED) {
            return new Badge("", "paused");
        }
        return null;
    }

    static boolean provisional(DeadlinePosition d) {
        return d.warning() != null && d.warning().startsWith(CaseDeadline.PROVISIONAL_PREFIX);
    }

    /** "Organisation's own target: answer by Friday 2 October 2026 (missed)". */
    String target(DeadlinePosition.Target t) {
        String who = t.regime() == null || t.regime().toUpperCase(java.util.Locale.ROOT).contains("ORGANISATION") ? "Own target"
                : t.regime();
        String what = switch (t.kind() == null ? "" : t.kind()) {
            case "acknowledge" -> "acknowledge by";
            case "respond" -> "answer by";
            case "respond-extended" -> "answer by, once extended,";
            default -> Labels.words(t.kind()).toLowerCase() + " by";
        };
        return who + ": " + what + " " + date(t.due()) + (t.missed() ? " (missed)" : "");
    }

    String organisation(String id) {
        return id == null ? "" : registry.name(id);
    }

    /** A system by its name in its organisation's registry entry; its id where none names it. */
    String system(String systemId) {
        return systemId == null ? "" : registry.systemName(systemId).orElse(systemId);
    }

    static String date(LocalDate date) {
        return date == null ? "" : PlainWords.date(date);
    }

    static String date(String isoDate) {
        if (isoDate == null || isoDate.isBlank()) {
            return "";
        }
        try {
            return PlainWords.date(LocalDate.parse(isoDate));
        } catch (java.time.format.DateTimeParseException notADate) {
            return isoDate;
        }
    }

    static String dateTime(java.time.Instant at) {
        return at == null ? "" : PlainWords.dateTime(at);
    }

    /** An audit payload's simple fields in words ("subject found: yes · right: Erasure"), withheld ones left out. */
    static String details(Map<String, Object> payload) {
        return payload.entrySet().stream().filter(e -> simple(e.getValue()))
                .map(e -> words(e.getKey()) + ": " + value(e.getKey(), e.getValue()))
                .collect(Collectors.joining(" · "));
    }

    private static boolean simple(Object v) {
        return v != null && !"[withheld]".equals(v) && !(v instanceof Map<?, ?>)
                && !(v instanceof List<?> l && (l.isEmpty() || l.get(0) instanceof Map<?, ?>));
    }

    private static String value(String key, Object v) {
        if (v instanceof Boolean b) {
            return Labels.yesNo(b);
        }
        if (v instanceof List<?> l) {
            return PlainWords.list(l.stream().map(x -> value(key, x)).toList());
        }
        String text = String.valueOf(v);
        if (text.matches("[A-Z][A-Z_]+")) {
            String k = key.toLowerCase(java.util.Locale.ROOT);
            if (k.contains("right")) {
                return Labels.right(text);
            }
            if (k.contains("division")) {
                return Labels.division(text);
            }
            if (k.equals("verification") || k.equals("method")) {
                return Labels.verification(text);
            }
            return Labels.words(text);
        }
        if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
            return date(text);
        }
        if (text.matches("\\d{4}-\\d{2}-\\d{2}T.*Z")) {
            try {
                return dateTime(java.time.Instant.parse(text));
            } catch (java.time.format.DateTimeParseException notAnInstant) {
                return text;
            }
        }
        return text.length() > 160 ? text.substring(0, 157) + "…" : text;
    }

    /** {@code subjectFound} as "subject found", {@code RequestAccepted} as "Request accepted". */
    static String words(String camel) {
        if (camel == null) {
            return "";
        }
        String spaced = camel.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase();
        return Character.isUpperCase(camel.charAt(0)) ? Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1) : spaced;
    }
}

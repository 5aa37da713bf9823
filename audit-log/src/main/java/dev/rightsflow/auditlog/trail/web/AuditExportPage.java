package dev.rightsflow.auditlog.trail.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import dev.rightsflow.auditlog.cases.application.CaseView;
import dev.rightsflow.auditlog.dashboard.web.Html;
import dev.rightsflow.auditlog.trail.model.AuditEntry;
import dev.rightsflow.auditlog.trail.model.ChainVerification;
import dev.rightsflow.schemas.model.Counted;

/**
 * The print-friendly HTML record of one request's audit trail (also the source of the PDF export): one
 * {@code main} landmark with its headings, its style sheet a dashboard asset ({@code export.css}), inlined only
 * for the PDF ({@link #standalone}).
 */
public final class AuditExportPage {

    /** The record's style sheet (a dashboard asset: the pages' Content-Security-Policy allows no inline style). */
    static final String STYLESHEET = "/dashboard/assets/export.css";

    private AuditExportPage() {
    }

    /** The record with its style sheet inlined and no site icon, for the PDF renderer, which fetches nothing. */
    static String standalone(String html) {
        try (java.io.InputStream in = new org.springframework.core.io.ClassPathResource("dashboard/assets/export.css")
                .getInputStream()) {
            String css = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return html.replace(dev.rightsflow.schemas.web.SiteIcon.LINK, "")
                    .replace("<link rel=\"stylesheet\" href=\"" + STYLESHEET + "\">", "<style>" + css + "</style>");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("missing dashboard/assets/export.css", e);
        }
    }

    /** One line about an entry: its type and the payload's simple fields (withheld ones left out). */
    public static String describe(AuditEntry e) {
        StringJoiner parts = new StringJoiner(" · ");
        for (Map.Entry<String, Object> f : e.payload().entrySet()) {
            Object v = f.getValue();
            if (v == null || "[withheld]".equals(v) || v instanceof Map<?, ?>) {
                continue;
            }
            if (v instanceof List<?> list) {
                if (list.isEmpty() || list.get(0) instanceof Map<?, ?>) {
                    if (!list.isEmpty()) {
                        parts.add(f.getKey() + ": " + list.size());
                    }
                    continue;
                }
            }
            String text = String.valueOf(v);
            parts.add(f.getKey() + ": " + (text.length() > 160 ? text.substring(0, 157) + "…" : text));
        }
        return parts.toString();
    }

    static String render(String requestId, List<AuditEntry> entries, ChainVerification verification, CaseView view,
            Instant generatedAt, String generatedBy) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Audit record ")
                .append(Html.esc(requestId)).append("</title><link rel=\"stylesheet\" href=\"").append(STYLESHEET)
                .append("\">").append(dev.rightsflow.schemas.web.SiteIcon.LINK).append("</head><body><main>");
        b.append("<h1>Record of the handling of request <code>").append(Html.esc(requestId)).append("</code></h1>");
        b.append("<p>Generated ").append(Html.esc(generatedAt)).append(" by ").append(Html.esc(generatedBy))
                .append(" from the Rightsflow audit trail (UK GDPR Art 5(2), accountability). The data subject's ")
                .append("personal data is not reproduced here.</p>");
        if (view != null) {
            b.append("<table><tr><th>Right</th><td>").append(Html.esc(view.file().right)).append("</td><th>Controller</th><td>")
                    .append(Html.esc(view.controllerName())).append("</td><th>Status</th><td>")
                    .append(Html.esc(view.file().status)).append("</td></tr><tr><th>Received</th><td>")
                    .append(Html.esc(view.file().receivedAt)).append("</td><th>Clock start</th><td>")
                    .append(Html.esc(view.deadline().clockStart())).append("</td><th>Statutory deadline</th><td>")
                    .append(Html.esc(view.deadline().statutoryDue() == null ? "clock stopped" : view.deadline().statutoryDue()))
                    .append(view.deadline().extended() ? " (extended)" : "").append("</td></tr></table>");
        }
        b.append("<h2>Integrity</h2>");
        if (verification instanceof ChainVerification.Intact ok) {
            b.append("<p class=\"ok\">The chain of ").append(ok.entries()).append(" entries is intact; ")
                    .append(Counted.of(ok.anchorsChecked(), "sealed global anchor record"))
                    .append(ok.anchorsChecked() == 1 ? " agrees; " : " agree; ")
                    .append(ok.witnessed() < 0 ? "the witness on the audit topic could not be read"
                            : ok.witnessed() + " entr" + (ok.witnessed() == 1 ? "y matches its" : "ies match their")
                                    + " witness on the audit topic")
                    .append(". Head hash <code>")
                    .append(Html.esc(ok.headHash())).append("</code>.</p>");
        } else if (verification instanceof ChainVerification.Broken broken) {
            b.append("<p class=\"broken\">The chain is broken at entry ").append(broken.brokenAt()).append(": ")
                    .append(Html.esc(broken.explanation())).append(" (").append(broken.problem()).append(")</p>");
        }
        b.append("<p class=\"rule\">").append(Html.esc(AuditController.CANON)).append("</p>");
        // Each entry's hashes get a full-width row of their own: a 64-character hash in a narrow column
        // would be broken across lines in print and in the PDF, and a regulator must be able to copy it whole.
        b.append("<h2>Entries</h2><table><thead><tr><th>#</th><th>When (UTC)</th><th>Event</th><th>Who</th>")
                .append("<th>Details</th><th>Deadline then</th></tr></thead><tbody>");
        for (AuditEntry e : entries) {
            b.append("<tr class=\"entry\"><td>").append(e.sequence()).append("</td><td>").append(Html.esc(e.occurredAt()))
                    .append("</td><td>").append(Html.esc(e.sourceEventType())).append("<br><small>")
                    .append(Html.esc(e.topic())).append("</small></td><td>").append(Html.esc(e.actorType())).append(" ")
                    .append(Html.esc(e.actorId())).append(e.actorOrganisationId() == null ? ""
                            : " (" + Html.esc(e.actorOrganisationId()) + ")")
                    .append("</td><td>").append(Html.esc(describe(e))).append("</td><td>").append(Html.esc(e.deadline()))
                    .append("</td></tr><tr class=\"hashes\"><td></td><td colspan=\"5\">hash <code>")
                    .append(Html.esc(e.hash())).append("</code><br>previous <code>").append(Html.esc(e.previousHash()))
                    .append("</code></td></tr>");
        }
        b.append("</tbody></table></main></body></html>");
        return b.toString();
    }
}

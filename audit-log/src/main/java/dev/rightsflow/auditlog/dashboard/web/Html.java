package dev.rightsflow.auditlog.dashboard.web;

import java.util.Map;

import org.springframework.web.util.HtmlUtils;

/**
 * Server-rendered HTML for the dashboard and the audit export: a layout, escaping, and simple SVG
 * bar charts. No front-end build; the only script is the live-update listener, {@link #LIVE_SCRIPT}.
 */
public final class Html {

    private Html() {
    }

    public static String esc(Object value) {
        return value == null ? "" : HtmlUtils.htmlEscape(String.valueOf(value));
    }

    static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1b1b;background:#f6f7f9}
            header{background:#1d3557;color:#fff;padding:.6rem 1.2rem;display:flex;gap:1rem;align-items:center}
            header a{color:#fff;text-decoration:none;margin-right:1rem}header .who{margin-left:auto;font-size:.9rem}
            header form{display:inline}header button{background:none;border:1px solid #fff;color:#fff;border-radius:4px;cursor:pointer}
            main{padding:1rem 1.2rem;max-width:1200px}
            table{border-collapse:collapse;width:100%;background:#fff}th,td{border-bottom:1px solid #dde;padding:.35rem .5rem;text-align:left;font-size:.92rem;vertical-align:top}
            th{background:#eef1f5}.overdue{background:#fde2e1}.atrisk{background:#fff4d6}
            .badge{display:inline-block;padding:0 .4rem;border-radius:3px;font-size:.8rem;background:#e3e8ef}
            .badge.red{background:#c62828;color:#fff}.badge.amber{background:#f9a825}.badge.green{background:#2e7d32;color:#fff}
            .cards{display:flex;gap:1rem;flex-wrap:wrap;margin:.5rem 0 1rem}.card{background:#fff;padding:.6rem 1rem;border-radius:6px;box-shadow:0 1px 2px #0002;min-width:9rem}
            .card b{font-size:1.5rem;display:block}
            .charts{display:flex;gap:1rem;flex-wrap:wrap}.chart{background:#fff;padding:.5rem;border-radius:6px;box-shadow:0 1px 2px #0002}
            form.filters{display:flex;gap:.5rem;flex-wrap:wrap;margin-bottom:.8rem}form.filters label{font-size:.85rem}
            .actions{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:.8rem}
            .actions form{background:#fff;padding:.6rem;border-radius:6px;box-shadow:0 1px 2px #0002}
            .actions input,.actions textarea,.actions select{width:100%;box-sizing:border-box;margin:.15rem 0 .35rem}
            .message{padding:.6rem 1rem;border-radius:6px;margin:.5rem 0}.message.ok{background:#e3f4e4}.message.error{background:#fde2e1}
            #live-status{font-size:.85rem;color:#555;margin-left:1rem}
            .muted{color:#666;font-size:.85rem}code{font-size:.8rem}
            @media print{header,.actions,form.filters,#live-status{display:none}body{background:#fff}main{max-width:none}}
            """;

    /**
     * The only script of the dashboard, the same bytes on every page so the Content-Security-Policy
     * can allow it by its hash ({@link #LIVE_SCRIPT_HASH}) and nothing else: on each
     * {@code case-changed} server-sent event (only for {@code data-live-request} when set) it
     * re-fetches {@code data-live-fragment} into the element {@code data-live-target} of
     * {@code <main>} and says what changed in {@code #live-status}. Pages without those attributes
     * stay still.
     */
    public static final String LIVE_SCRIPT = "(function(){var m=document.querySelector('main');"
            + "var url=m&&m.getAttribute('data-live-fragment');if(!url)return;"
            + "var target=m.getAttribute('data-live-target'),only=m.getAttribute('data-live-request');"
            + "var es=new EventSource('/api/v1/dashboard/events');"
            + "es.addEventListener('case-changed',function(e){var c=JSON.parse(e.data);"
            + "if(only&&c.requestId!==only)return;"
            + "fetch(url,{credentials:'same-origin'}).then(function(r){return r.text();})"
            + ".then(function(h){document.getElementById(target).innerHTML=h;"
            + "var s=document.getElementById('live-status');if(s){s.textContent='updated: '+c.eventType+' on '+c.requestId;"
            + "s.setAttribute('data-last-event',c.eventType);}});});"
            + "es.onopen=function(){document.body.setAttribute('data-live','open');};})();";

    /** The CSP source expression of {@link #LIVE_SCRIPT}: {@code 'sha256-…'}. */
    public static final String LIVE_SCRIPT_HASH = "'sha256-" + sha256Base64(LIVE_SCRIPT) + "'";

    /** The attributes that switch {@link #LIVE_SCRIPT} on for a page, HTML-escaped. */
    static String live(String fragmentUrl, String targetId, String requestId) {
        return " data-live-fragment=\"" + esc(fragmentUrl) + "\" data-live-target=\"" + esc(targetId) + "\""
                + (requestId == null ? "" : " data-live-request=\"" + esc(requestId) + "\"");
    }

    private static String sha256Base64(String text) {
        try {
            return java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A page; {@code live} is null or the attributes from {@link #live}, which add the live-update script. */
    static String page(String title, String who, String body, String live) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width,initial-scale=1\"><title>" + esc(title) + " · Rightsflow</title><style>"
                + STYLE + "</style></head><body><header><strong>Rightsflow compliance</strong>"
                + "<a href=\"/dashboard\">Cases</a><a href=\"/dashboard/dead-letters\">Failures</a>"
                + "<a href=\"/dashboard/webhooks\">Webhooks</a>"
                + (who == null ? "" : "<span class=\"who\">" + esc(who)
                        + " <form method=\"post\" action=\"/dashboard/logout\">" + CSRF_PLACEHOLDER
                        + "<button type=\"submit\">Sign out</button></form></span>")
                + "</header><main" + (live == null ? "" : live) + ">" + body + "</main>"
                + (live == null ? "" : "<script>" + LIVE_SCRIPT + "</script>")
                + "</body></html>";
    }

    /** Replaced by the request's CSRF field when the page is sent. */
    static final String CSRF_PLACEHOLDER = "<!--csrf-->";

    /** A horizontal bar chart as inline SVG. */
    static String barChart(String title, Map<String, Long> values, String unit) {
        int width = 380;
        int row = 22;
        int height = 30 + Math.max(1, values.size()) * row;
        long max = values.values().stream().mapToLong(Long::longValue).max().orElse(1);
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" + width
                + "\" height=\"" + height + "\" aria-label=\"" + esc(title) + "\"><title>" + esc(title) + "</title>"
                + "<text x=\"4\" y=\"16\" font-size=\"13\" font-weight=\"bold\">" + esc(title) + "</text>");
        if (values.isEmpty()) {
            svg.append("<text x=\"4\" y=\"44\" font-size=\"12\" fill=\"#666\">nothing yet</text>");
        }
        int y = 28;
        for (Map.Entry<String, Long> e : values.entrySet()) {
            int barWidth = (int) Math.max(2, Math.round(200.0 * e.getValue() / Math.max(1, max)));
            svg.append("<text x=\"4\" y=\"").append(y + 14).append("\" font-size=\"11\">").append(esc(e.getKey()))
                    .append("</text><rect x=\"130\" y=\"").append(y + 3).append("\" width=\"").append(barWidth)
                    .append("\" height=\"14\" fill=\"#457b9d\"/><text x=\"").append(136 + barWidth).append("\" y=\"")
                    .append(y + 14).append("\" font-size=\"11\">").append(e.getValue()).append(unit == null ? "" : esc(unit))
                    .append("</text>");
            y += row;
        }
        return svg.append("</svg>").toString();
    }

    /** A single figure as a ring (e.g. on-time rate), as inline SVG. */
    static String ring(String title, Long percent) {
        double p = percent == null ? 0 : percent / 100.0;
        double c = 2 * Math.PI * 40;
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"180\" height=\"130\" aria-label=\""
                + esc(title) + "\"><title>" + esc(title) + "</title><text x=\"4\" y=\"16\" font-size=\"13\" "
                + "font-weight=\"bold\">" + esc(title) + "</text><circle cx=\"90\" cy=\"75\" r=\"40\" fill=\"none\" "
                + "stroke=\"#e3e8ef\" stroke-width=\"12\"/><circle cx=\"90\" cy=\"75\" r=\"40\" fill=\"none\" "
                + "stroke=\"#2e7d32\" stroke-width=\"12\" stroke-dasharray=\"" + String.format("%.1f %.1f", c * p, c)
                + "\" transform=\"rotate(-90 90 75)\"/><text x=\"90\" y=\"80\" text-anchor=\"middle\" font-size=\"16\">"
                + (percent == null ? "–" : percent + "%") + "</text></svg>";
    }
}

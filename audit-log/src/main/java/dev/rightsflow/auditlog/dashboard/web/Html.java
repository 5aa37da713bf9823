package dev.rightsflow.auditlog.dashboard.web;

import java.util.Map;

import org.springframework.web.util.HtmlUtils;

/**
 * Small pieces of the dashboard's HTML: escaping, the layout ({@code layout.mustache}) around a body built
 * elsewhere, and simple SVG bar charts. No front-end build; the only script is the live-update listener,
 * the static file {@code /dashboard/assets/live.js}.
 */
public final class Html {

    private Html() {
    }

    public static String esc(Object value) {
        return value == null ? "" : HtmlUtils.htmlEscape(String.valueOf(value));
    }

    /**
     * Switches the live-update script ({@code /dashboard/assets/live.js}) on for a page: on each
     * {@code case-changed} server-sent event (only for {@code request} when set) it re-fetches {@code fragment}
     * and puts it into the element {@code target} (when set), else refreshes the page's {@code data-live-region}
     * elements and the forms lists marked {@code data-live-forms} (forms that stay are left as they are, with
     * what staff typed), and says what changed in {@code #live-status}.
     */
    public record Live(String fragment, String target, String request) {
    }

    /** A page in the dashboard's layout; {@code live} is null for a page that stays still. {@code body} is HTML. */
    static String page(String title, String who, String body, Live live) {
        Map<String, Object> model = new java.util.HashMap<>();
        model.put("title", title);
        model.put("who", who);
        model.put("body", body);
        model.put("live", live);
        return DashboardTemplates.render("layout", model);
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

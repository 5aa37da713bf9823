package dev.rightsflow.auditlog.dashboard.web;

import static dev.rightsflow.auditlog.dashboard.web.Html.esc;

import java.util.ArrayList;
import java.util.List;

import org.springframework.web.util.UriComponentsBuilder;

import dev.rightsflow.auditlog.cases.application.CaseQueries;
import dev.rightsflow.auditlog.dashboard.model.ActionCheck;

/**
 * Paging of the case list, for the API and the page alike: the page and size asked for, checked
 * ({@code page} from 1, {@code size} 1..{@value CaseQueries#MAX_PAGE_SIZE}, default
 * {@value CaseQueries#DEFAULT_PAGE_SIZE}), and the links to the other pages, which keep the
 * filters of the request: an RFC 8288 {@code Link} header on the API, a pager on the page.
 */
final class CaseListPaging {

    static final String PAGE = "page";
    static final String SIZE = "size";

    private CaseListPaging() {
    }

    /** What is wrong with the page and size asked for; empty when both are fine. */
    static List<ActionCheck.FieldProblem> problems(int page, int size) {
        List<ActionCheck.FieldProblem> problems = new ArrayList<>();
        if (page < 1) {
            problems.add(new ActionCheck.FieldProblem(PAGE, "must be 1 or more"));
        }
        if (size < 1 || size > CaseQueries.MAX_PAGE_SIZE) {
            problems.add(new ActionCheck.FieldProblem(SIZE, "must be from 1 to " + CaseQueries.MAX_PAGE_SIZE));
        }
        return problems;
    }

    /** The page and size as the HTML list uses them: out of range is brought into range rather than refused. */
    static int pageWithin(int page) {
        return Math.max(1, page);
    }

    static int sizeWithin(int size) {
        return Math.min(CaseQueries.MAX_PAGE_SIZE, Math.max(1, size));
    }

    /** The {@code Link} header value: first, prev, next and last pages of the same query. */
    static String linkHeader(String path, String rawQuery, CaseQueries.Page page) {
        List<String> links = new ArrayList<>();
        links.add(link(path, rawQuery, 1, page.size(), "first"));
        if (page.page() > 1) {
            links.add(link(path, rawQuery, (int) Math.min(page.page() - 1, page.lastPage()), page.size(), "prev"));
        }
        if (page.hasNext()) {
            links.add(link(path, rawQuery, page.page() + 1, page.size(), "next"));
        }
        links.add(link(path, rawQuery, (int) page.lastPage(), page.size(), "last"));
        return String.join(", ", links);
    }

    /** The pager under the HTML list: which cases are shown of how many, and links to the neighbouring pages. */
    static String pager(String path, String rawQuery, CaseQueries.Page page) {
        long first = (long) (page.page() - 1) * page.size() + 1;
        long last = first + page.cases().size() - 1;
        StringBuilder b = new StringBuilder("<nav class=\"pager\" id=\"pager\" aria-label=\"Pages of cases\"><p>");
        b.append(page.cases().isEmpty() ? "No cases on this page" : "Cases " + first + "–" + last)
                .append(" of <span id=\"cases-total\">").append(page.total()).append("</span> · page ")
                .append(page.page()).append(" of ").append(page.lastPage());
        if (page.page() > 1) {
            b.append(" · <a href=\"").append(esc(uri(path, rawQuery, 1, page.size()))).append("\">First</a>")
                    .append(" · <a rel=\"prev\" href=\"")
                    .append(esc(uri(path, rawQuery, (int) Math.min(page.page() - 1, page.lastPage()), page.size())))
                    .append("\">Previous</a>");
        }
        if (page.hasNext()) {
            b.append(" · <a rel=\"next\" id=\"next-page\" href=\"")
                    .append(esc(uri(path, rawQuery, page.page() + 1, page.size()))).append("\">Next</a>")
                    .append(" · <a href=\"").append(esc(uri(path, rawQuery, (int) page.lastPage(), page.size())))
                    .append("\">Last</a>");
        }
        return b.append("</p></nav>").toString();
    }

    private static String link(String path, String rawQuery, int page, int size, String rel) {
        return "<" + uri(path, rawQuery, page, size) + ">; rel=\"" + rel + "\"";
    }

    /** The same path and query (already encoded) with another page and size. */
    static String uri(String path, String rawQuery, int page, int size) {
        return UriComponentsBuilder.fromPath(path).query(rawQuery).replaceQueryParam(PAGE, page)
                .replaceQueryParam(SIZE, size).build(true).toUriString();
    }
}

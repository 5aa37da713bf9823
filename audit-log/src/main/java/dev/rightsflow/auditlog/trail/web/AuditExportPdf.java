package dev.rightsflow.auditlog.trail.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.jsoup.Jsoup;
import org.jsoup.helper.W3CDom;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;

/**
 * The readable export as PDF: the very HTML record of {@link AuditExportPage} (same facts, same
 * wording, so the two can never say different things), parsed by jsoup (the page is HTML5, not
 * XHTML) and laid out by openhtmltopdf on Apache PDFBox, on A4 landscape as the page's
 * {@code @page} rule says. Text stays text in the PDF, so every hash can be copied out and
 * recomputed. Only the PDF's own base fonts are used: nothing is fetched while rendering.
 */
final class AuditExportPdf {

    private AuditExportPdf() {
    }

    /** @return the PDF bytes of an HTML document (CPU-bound: call it off the event loop) */
    static byte[] render(String html, String title) {
        org.jsoup.nodes.Document parsed = Jsoup.parse(html);
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            new PdfRendererBuilder()
                    .useFastMode()
                    .withProducer("Rightsflow audit-log")
                    .withW3cDocument(new W3CDom().fromJsoup(parsed), "about:blank")
                    .toStream(out)
                    .run();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not render the PDF export of " + title, e);
        }
        return out.toByteArray();
    }
}

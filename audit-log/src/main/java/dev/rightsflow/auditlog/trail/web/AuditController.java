package dev.rightsflow.auditlog.trail.web;

import java.security.Principal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.rightsflow.auditlog.AuditLogStartup;
import dev.rightsflow.auditlog.cases.application.CaseQueries;
import dev.rightsflow.auditlog.cases.application.CaseView;
import dev.rightsflow.auditlog.cases.model.Viewer;
import dev.rightsflow.auditlog.dashboard.web.Problems;
import dev.rightsflow.auditlog.dashboard.web.Viewers;
import dev.rightsflow.auditlog.trail.application.AuditTrail;
import dev.rightsflow.auditlog.trail.model.AuditChain;
import dev.rightsflow.auditlog.trail.model.ChainVerification;

/**
 * The audit trail for staff ({@code /api/v1/audit/...}): a request's entries, the verification
 * that recomputes its chain, and exports (JSON, and a print-friendly HTML page a controller can
 * hand to the ICO, and the same as PDF). Staff see the trails of their organisation's cases; administrators see every
 * chain, including {@code registry:<organisationId>} and {@value AuditChain#ANCHOR_CHAIN}.
 */
@RestController("auditLogAuditController")
@RequestMapping("/api/v1/audit")
public class AuditController {

    /** How an entry's hash is computed, stated in every export so anyone can recompute it. */
    public static final String CANON = "hash = hex(SHA-256(UTF-8(JCS(entry without hash)))), where JCS is the JSON"
            + " Canonicalization Scheme (RFC 8785): members sorted by key, no whitespace; the hashed members are"
            + " chain, sequence, sourceEventId, sourceEventType, topic, occurredAt and recordedAt (ISO-8601 UTC),"
            + " actor {type, id, organisationId}, payload, deadline (the statutory deadline as it stood after the event) and previousHash. The first entry's previousHash is 64"
            + " zeros. Integers are written without fraction or exponent. Every entry's sequence and hash is also"
            + " witnessed on the Kafka topic rightsflow.audit, and global anchors carry an HMAC-SHA256 seal under a"
            + " key kept outside the database; verification compares the stored chain with both.";

    private final AuditTrail trail;
    private final CaseQueries cases;
    private final Viewers viewers;
    private final AuditLogStartup startup;
    private final Clock clock;

    public AuditController(AuditTrail trail, CaseQueries cases, Viewers viewers, AuditLogStartup startup,
            @Qualifier("auditLogClock") Clock clock) {
        this.trail = trail;
        this.cases = cases;
        this.viewers = viewers;
        this.startup = startup;
        this.clock = clock;
    }

    @GetMapping("/{requestId}")
    public Mono<ResponseEntity<Object>> entries(Principal principal, @PathVariable String requestId) {
        return allowed(principal, requestId).flatMap(ok -> ok
                ? trail.entries(requestId).map(list -> list.isEmpty()
                        ? Problems.notFound("No audit trail for " + requestId + ".")
                        : ResponseEntity.ok((Object) list))
                : Mono.just(Problems.notFound("No audit trail for " + requestId + " that you may see.")));
    }

    /** Recomputes the chain: {@code intact}, or the first entry that does not hold and why. */
    @GetMapping("/{requestId}/verification")
    public Mono<ResponseEntity<Object>> verification(Principal principal, @PathVariable String requestId) {
        return allowed(principal, requestId).flatMap(ok -> ok
                ? trail.verify(requestId).map(v -> ResponseEntity.ok((Object) json(v)))
                : Mono.just(Problems.notFound("No audit trail for " + requestId + " that you may see.")));
    }

    @GetMapping(path = "/{requestId}/export", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Object>> exportJson(Principal principal, @PathVariable String requestId) {
        return allowed(principal, requestId).flatMap(ok -> {
            if (!ok) {
                return Mono.just(Problems.notFound("No audit trail for " + requestId + " that you may see."));
            }
            return Mono.zip(trail.entries(requestId), trail.verify(requestId)).map(t -> {
                Map<String, Object> export = new LinkedHashMap<>();
                export.put("requestId", requestId);
                export.put("generatedAt", clock.instant().toString());
                export.put("generatedBy", principal.getName());
                export.put("hashing", CANON);
                export.put("verification", json(t.getT2()));
                export.put("entries", t.getT1());
                return ResponseEntity.ok()
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-" + requestId + ".json\"")
                        .body((Object) export);
            });
        });
    }

    /** A readable, print-friendly record of the request's handling. */
    @GetMapping(path = "/{requestId}/export.html", produces = MediaType.TEXT_HTML_VALUE)
    public Mono<ResponseEntity<String>> exportHtml(Principal principal, @PathVariable String requestId) {
        return allowed(principal, requestId).flatMap(ok -> {
            if (!ok) {
                return Mono.just(ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_HTML)
                        .body("<!DOCTYPE html><title>Not found</title><p>No audit trail for this request that you may see."));
            }
            return readableRecord(principal, requestId)
                    .map(r -> ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(r.html()));
        });
    }

    /**
     * The same readable record as {@code export.html}, as a PDF a controller can file or hand to the
     * ICO (rendered from that HTML). Not found, for a trail the viewer may not see, as a problem response.
     */
    @GetMapping(path = "/{requestId}/export.pdf", produces = {MediaType.APPLICATION_PDF_VALUE,
            MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public Mono<ResponseEntity<Object>> exportPdf(Principal principal, @PathVariable String requestId) {
        return allowed(principal, requestId).flatMap(ok -> {
            if (!ok) {
                return Mono.just(Problems.notFound("No audit trail for " + requestId + " that you may see."));
            }
            return readableRecord(principal, requestId).flatMap(r -> r.entries() == 0
                    ? Mono.just(Problems.notFound("No audit trail for " + requestId + "."))
                    : Mono.fromCallable(() -> AuditExportPdf.render(AuditExportPage.standalone(r.html()), requestId))
                            .subscribeOn(Schedulers.boundedElastic())
                            .map(pdf -> ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                                    .header(HttpHeaders.CONTENT_DISPOSITION,
                                            "attachment; filename=\"audit-" + requestId + ".pdf\"")
                                    .body((Object) pdf)));
        });
    }

    private record ReadableRecord(String html, int entries) {
    }

    /** The readable record (HTML), with the case's summary when the viewer may see the case. */
    private Mono<ReadableRecord> readableRecord(Principal principal, String requestId) {
        Mono<Optional<CaseView>> view = Mono.fromFuture(() -> cases.one(requestId, viewers.of(principal)));
        return Mono.zip(trail.entries(requestId), trail.verify(requestId), view)
                .map(t -> new ReadableRecord(AuditExportPage.render(requestId, t.getT1(), t.getT2(),
                        t.getT3().orElse(null), clock.instant(), principal.getName()), t.getT1().size()));
    }

    /**
     * Anchors every changed chain now (administrators): the last anchor written (one anchor records at most 5,000
     * chains, so many changed chains make several); 204 when no chain changed since it was last anchored.
     */
    @PostMapping("/anchors")
    public Mono<ResponseEntity<Object>> anchor(Principal principal) {
        if (!viewers.of(principal).admin()) {
            return Mono.just(Problems.adminsOnly("Anchors are for administrators."));
        }
        return startup.anchorNow().map(a -> ResponseEntity.ok((Object) a))
                .defaultIfEmpty(ResponseEntity.noContent().build());
    }

    private Mono<Boolean> allowed(Principal principal, String chain) {
        Viewer viewer = viewers.of(principal);
        if (viewer.admin()) {
            return Mono.just(true);
        }
        return Mono.fromFuture(() -> cases.one(chain, viewer)).map(Optional::isPresent);
    }

    /** The verification as JSON: {@code intact} first, then the chain's figures or where and why it broke. */
    static Map<String, Object> json(ChainVerification v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("intact", v.intact());
        out.put("chain", v.chain());
        out.put("entries", v.entries());
        if (v instanceof ChainVerification.Intact ok) {
            out.put("headHash", ok.headHash());
            out.put("anchorsChecked", ok.anchorsChecked());
            out.put("witnessed", ok.witnessed());
        } else if (v instanceof ChainVerification.Broken broken) {
            out.put("brokenAt", broken.brokenAt());
            out.put("sourceEventId", broken.sourceEventId());
            out.put("problem", broken.problem());
            out.put("explanation", broken.explanation());
        }
        return out;
    }
}

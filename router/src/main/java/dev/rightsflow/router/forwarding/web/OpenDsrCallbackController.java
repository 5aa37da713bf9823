package dev.rightsflow.router.forwarding.web;

import java.security.Principal;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.router.forwarding.http.SignedForwarder;
import dev.rightsflow.schemas.opendsr.Messages;
import dev.rightsflow.schemas.opendsr.OpenDsrCodec;
import dev.rightsflow.schemas.opendsr.OpenDsrSettings;
import dev.rightsflow.schemas.opendsr.Vocabulary;
import reactor.core.publisher.Mono;

/**
 * Receives the status callbacks of external controllers the router forwarded requests to over
 * OpenDSR, authenticated as OpenDSR 2.0 §8.8 lays down by the router's Spring Security chain before
 * this handler runs ({@link RouterSecurity}: the {@code X-OpenDSR-Processor-Domain} header names a
 * trusted peer, the {@code X-OpenDSR-Signature} verifies over the raw body before it is parsed, 403
 * otherwise; the principal is the peer's domain). Here the {@code status_callback_url} must be this
 * endpoint (§8.8 step 6; 400 otherwise). The latest status per {@code subject_request_id} is kept in MongoDB
 * ({@code opendsr_forwarded_status}) and shown to admins at
 * {@code GET /api/v1/router/opendsr/forwarded/{subjectRequestId}}. It is not yet an event on a topic (no
 * event type for "the external controller reports" exists), which the README notes.
 */
@RestController
public class OpenDsrCallbackController {

    private final OpenDsrSettings settings;
    private final MongoCollection<Document> statuses;
    private final OpenDsrCodec codec = new OpenDsrCodec();

    public OpenDsrCallbackController(OpenDsrSettings settings, @Qualifier("routerMongoDatabase") MongoDatabase database) {
        this.settings = settings;
        this.statuses = database.getCollection("opendsr_forwarded_status");
    }

    @PostMapping(path = SignedForwarder.CALLBACK_PATH, consumes = MediaType.ALL_VALUE)
    public Mono<ResponseEntity<Map<String, Object>>> callback(@RequestBody(required = false) byte[] body, Principal peer) {
        byte[] raw = body == null ? new byte[0] : body;
        Messages.Callback callback;
        try {
            callback = codec.read(raw, Messages.Callback.class);
        } catch (RuntimeException e) {
            return Mono.just(error(HttpStatus.BAD_REQUEST, "the callback body is not an OpenDSR callback"));
        }
        String own = settings.publicBaseUrl().replaceAll("/+$", "") + SignedForwarder.CALLBACK_PATH;
        if (!own.equals(callback.statusCallbackUrl())) {
            return Mono.just(error(HttpStatus.BAD_REQUEST, "status_callback_url does not name this endpoint"));
        }
        if (!OpenDsrCodec.isUuidV4(callback.subjectRequestId())
                || Vocabulary.RequestStatus.of(callback.requestStatus()).isEmpty()) {
            return Mono.just(error(HttpStatus.BAD_REQUEST, "subject_request_id or request_status is not valid"));
        }
        Document doc = new Document("_id", callback.subjectRequestId()).append("domain", peer.getName())
                .append("requestStatus", callback.requestStatus())
                .append("expectedCompletionTime", callback.expectedCompletionTime())
                .append("resultsUrl", callback.resultsUrl()).append("receivedAt", new Date());
        return Mono.from(statuses.replaceOne(Filters.eq("_id", callback.subjectRequestId()), doc,
                        new ReplaceOptions().upsert(true)))
                .thenReturn(ResponseEntity.ok(Map.<String, Object>of("received", true)));
    }

    /** The last status an external controller reported for a forwarded request (admins only). */
    @GetMapping("/api/v1/router/opendsr/forwarded/{subjectRequestId}")
    public Mono<ResponseEntity<Map<String, Object>>> forwarded(@PathVariable String subjectRequestId, ServerWebExchange exchange) {
        return Mono.from(statuses.find(Filters.eq("_id", subjectRequestId)).first())
                .map(d -> ResponseEntity.ok(Map.<String, Object>of("subject_request_id", d.getString("_id"),
                        "domain", d.getString("domain"), "request_status", d.getString("requestStatus"))))
                .defaultIfEmpty(error(HttpStatus.NOT_FOUND, "no callback received for this subject_request_id"));
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of("error", Map.of("code", status.value(), "message", message,
                "errors", List.of())));
    }
}

package dev.rightsflow.auditlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.ParameterizedTypeReference;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.rightsflow.auditlog.trail.model.AuditChain;
import dev.rightsflow.auditlog.trail.model.CanonicalJson;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.AuditEntryAppended;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.PlannedTask;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.VerificationMethod;

/**
 * The attack the tamper evidence must survive: someone who can write MongoDB rewrites an entry of a chain,
 * re-hashes the rest of the chain under the published rule, and rewrites the global anchors to match (heads,
 * heads hash, anchor chain hashes), all straight in the database. Verification must still name the first forged
 * entry, because the witness on {@code rightsflow.audit} and the anchor key are out of the database's reach.
 */
class AuditForgeryTest extends AuditLogIntegrationTest {

    @Autowired
    @Qualifier("auditLogMongoDatabase")
    MongoDatabase mongo;

    @Test
    void aChainAndItsAnchorsRehashedInTheDatabaseAreReportedAtTheFirstForgedEntry() {
        String id = sixEntryErasure();
        as("demo-admin").post().uri("/api/v1/audit/anchors").exchange().expectStatus().isOk();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(verification(id))
                .containsEntry("intact", true).containsEntry("entries", 6).containsEntry("witnessed", 6)
                .containsEntry("anchorsChecked", 1));
        String forgedEventId = rewriteChainFrom(id, 3);
        rewriteAnchorsFor(id);

        // the forgery is internally consistent: the chain and the anchor chain recompute under the published rule
        assertThat(recomputes(id)).isTrue();
        assertThat(recomputes(AuditChain.ANCHOR_CHAIN)).isTrue();

        Map<String, Object> result = verification(id);
        assertThat(result).containsEntry("intact", false).containsEntry("problem", "WITNESS_MISMATCH")
                .containsEntry("brokenAt", 3).containsEntry("sourceEventId", forgedEventId);
        assertThat((String) result.get("explanation")).contains("entry 3", "forged");
        String html = as("demo-ecs").get().uri("/api/v1/audit/{id}/export.html", id).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(html).contains("The chain is broken at entry 3", "WITNESS_MISMATCH");
    }

    @Test
    void anAnchorRewrittenWithoutTheKeyIsReportedAsForged() {
        String id = sixEntryErasure();
        as("demo-admin").post().uri("/api/v1/audit/anchors").exchange().expectStatus().isOk();
        rewriteAnchorsFor(id);

        Map<String, Object> result = verification(id);

        assertThat(result).containsEntry("intact", false).containsEntry("problem", "ANCHOR_FORGED")
                .containsEntry("brokenAt", 6);
    }

    private String sixEntryErasure() {
        String id = "forgery-" + UUID.randomUUID();
        Instant at = Instant.parse("2026-09-03T10:15:00Z");
        PlannedTask crm = SeedFlow.task(id, "opencrm", TaskAction.ERASE, "opencrm", LocalDate.parse("2026-09-28"));
        send(Topics.REQUESTS, SeedFlow.received(id, Right.ERASURE, "ecs", at, VerificationMethod.NONE, null));
        send(Topics.CASES, SeedFlow.resolved(id, "ecs", "ecs", Division.ENGLAND_AND_WALES, at.plusSeconds(1)));
        send(Topics.CASES, SeedFlow.opened(id, "ecs", Division.ENGLAND_AND_WALES, at, at, LocalDate.parse("2026-10-05"), false));
        send(Topics.CASES, SeedFlow.planned(id, at.plusSeconds(3), List.of(crm)));
        send(Topics.TASKS, SeedFlow.dispatched(id, crm, "ecs", at.plusSeconds(4), LocalDate.parse("2026-10-05")));
        send(Topics.TASK_RESULTS, SeedFlow.completed(id, crm, at.plusSeconds(60)));
        await().atMost(Duration.ofSeconds(30)).until(() -> topic(Topics.AUDIT).stream()
                .filter(e -> e instanceof AuditEntryAppended a && a.getRequestId().equals(id)).count() >= 6);
        return id;
    }

    private Map<String, Object> verification(String id) {
        return as("demo-ecs").get().uri("/api/v1/audit/{id}/verification", id).exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
    }

    private MongoCollection<Document> entries() {
        return mongo.getCollection("audit_entries");
    }

    private List<Document> chain(String chain) {
        return Flux.from(entries().find(Filters.eq("requestId", chain)).sort(Sorts.ascending("sequence")))
                .collectList().block();
    }

    /** Changes entry {@code from}'s payload and re-hashes it and every later entry; returns its source event id. */
    private String rewriteChainFrom(String id, int from) {
        List<Document> chain = chain(id);
        String previous = stored(chain.get(from - 2).get("hash"));
        for (Document d : chain.subList(from - 1, chain.size())) {
            if (d.get("sequence", Number.class).intValue() == from) {
                d.get("payload", Document.class).put("statutoryDeadline", "2027-06-30");
            }
            d.put("previousHash", previous);
            d.put("hash", publishedHash(d));
            previous = stored(d.get("hash"));
            Mono.from(entries().replaceOne(Filters.eq("_id", d.get("_id")), d)).block();
        }
        Mono.from(mongo.getCollection("audit_heads").updateOne(Filters.eq("_id", id),
                new Document("$set", new Document("hash", previous)))).block();
        return chain.get(from - 1).getString("sourceEventId");
    }

    /**
     * Points every anchor that records {@code id} at the chain's current head, recomputes their heads hash and
     * re-hashes the anchor chain from the first changed anchor on. The seal cannot be recomputed without the key.
     */
    @SuppressWarnings("unchecked")
    private void rewriteAnchorsFor(String id) {
        Document head = chain(id).get(chain(id).size() - 1);
        List<Document> anchors = chain(AuditChain.ANCHOR_CHAIN);
        String previous = null;
        boolean changed = false;
        for (Document anchor : anchors) {
            Document payload = anchor.get("payload", Document.class);
            List<Document> heads = (List<Document>) payload.get("heads");
            for (Document h : heads) {
                if (id.equals(h.getString("chain"))) {
                    h.put("sequence", head.get("sequence"));
                    h.put("hash", stored(head.get("hash")).equals(stored(h.get("hash")))
                            ? AuditChain.sha256("forged-" + id) : stored(head.get("hash")));
                    changed = true;
                }
            }
            if (changed) {
                payload.put("headsHash", AuditChain.sha256(CanonicalJson.write(plain(heads))));
                if (previous != null) {
                    anchor.put("previousHash", previous);
                }
                anchor.put("hash", publishedHash(anchor));
                Mono.from(entries().replaceOne(Filters.eq("_id", anchor.get("_id")), anchor)).block();
            }
            previous = stored(anchor.get("hash"));
        }
        assertThat(changed).as("an anchor recorded the chain").isTrue();
    }

    private boolean recomputes(String chain) {
        String previous = AuditChain.GENESIS;
        for (Document d : chain(chain)) {
            if (!previous.equals(stored(d.get("previousHash"))) || !publishedHash(d).equals(stored(d.get("hash")))) {
                return false;
            }
            previous = stored(d.get("hash"));
        }
        return true;
    }

    /** The hashing rule as README and every export publish it, applied to a stored document. */
    private static String publishedHash(Document d) {
        Document actor = d.get("actor", Document.class);
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("chain", d.getString("requestId"));
        content.put("sequence", d.get("sequence", Number.class).longValue());
        content.put("sourceEventId", d.getString("sourceEventId"));
        content.put("sourceEventType", d.getString("sourceEventType"));
        content.put("topic", d.getString("topic"));
        content.put("occurredAt", stored(d.get("occurredAt")));
        content.put("recordedAt", stored(d.get("recordedAt")));
        Map<String, Object> who = new LinkedHashMap<>();
        who.put("type", actor.getString("type"));
        who.put("id", actor.getString("id"));
        who.put("organisationId", actor.getString("organisationId"));
        content.put("actor", who);
        content.put("payload", plain(d.get("payload")));
        content.put("deadline", d.getString("deadline"));
        content.put("previousHash", stored(d.get("previousHash")));
        return AuditChain.sha256(CanonicalJson.write(content));
    }

    /** A stored hash or time as the text the hashing rule covers (stored as bytes and BSON dates, or as text). */
    private static String stored(Object value) {
        if (value instanceof org.bson.types.Binary b) {
            return java.util.HexFormat.of().formatHex(b.getData());
        }
        return value instanceof java.util.Date date ? date.toInstant().toString() : (String) value;
    }

    private static Object plain(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(plain(v)));
            return out;
        }
        return value;
    }
}

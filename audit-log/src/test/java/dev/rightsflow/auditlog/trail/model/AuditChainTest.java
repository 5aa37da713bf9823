package dev.rightsflow.auditlog.trail.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class AuditChainTest {

    private static AuditEntry unchained(String eventId, Map<String, Object> payload) {
        return new AuditEntry("r-1", 0, eventId, "CaseOpened", "rightsflow.cases", Instant.parse("2026-09-03T10:15:00Z"),
                Instant.parse("2026-09-03T10:15:01Z"), "SYSTEM", "router", null, payload, "2026-10-05", null, null);
    }

    private static List<AuditEntry> chainOf(int n) {
        List<AuditEntry> chain = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            chain.add(AuditChain.next(chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(chain.size() - 1)),
                    unchained("e" + i, Map.of("step", (long) i))));
        }
        return chain;
    }

    @Test
    void canonicalJsonSortsMembersByKeyEscapesStringsAndWritesIntegersPlainly() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("b", 2);
        value.put("a", "line\nbreak \"quoted\"");
        value.put("c", List.of(true, Map.of("z", 1L, "y", "x")));
        value.put("d", null);
        assertThat(CanonicalJson.write(value))
                .isEqualTo("{\"a\":\"line\\nbreak \\\"quoted\\\"\",\"b\":2,\"c\":[true,{\"y\":\"x\",\"z\":1}],\"d\":null}");
    }

    @Test
    void theFirstEntryStartsFromGenesisAndEachNextHoldsThePreviousHash() {
        List<AuditEntry> chain = chainOf(3);
        assertThat(chain.get(0).previousHash()).isEqualTo(AuditChain.GENESIS);
        assertThat(chain).extracting(AuditEntry::sequence).containsExactly(1L, 2L, 3L);
        assertThat(chain.get(2).previousHash()).isEqualTo(chain.get(1).hash());
        assertThat(chain.get(1).hash()).hasSize(64).isEqualTo(AuditChain.sha256(AuditChain.canonical(chain.get(1))));
    }

    @Test
    void anUntouchedChainVerifiesAsIntact() {
        assertThat(AuditChain.verify("r-1", chainOf(4), List.of()).intact()).isTrue();
    }

    @Test
    void anEditedEntryIsReportedAsChangedAtItsSequence() {
        List<AuditEntry> chain = chainOf(4);
        AuditEntry e = chain.get(2);
        chain.set(2, new AuditEntry(e.chain(), e.sequence(), e.sourceEventId(), e.sourceEventType(), e.topic(),
                e.occurredAt(), e.recordedAt(), "STAFF", "someone-else", null, e.payload(), e.deadline(), e.previousHash(), e.hash()));
        ChainVerification result = AuditChain.verify("r-1", chain, List.of());
        assertThat(result).isInstanceOfSatisfying(ChainVerification.Broken.class, b -> {
            assertThat(b.brokenAt()).isEqualTo(3);
            assertThat(b.problem()).isEqualTo(ChainVerification.Problem.CONTENT_CHANGED);
        });
    }

    @Test
    void anEntryRehashedAfterAnEditBreaksTheLinkOfTheNextEntry() {
        List<AuditEntry> chain = chainOf(4);
        AuditEntry e = chain.get(1);
        AuditEntry forged = new AuditEntry(e.chain(), e.sequence(), e.sourceEventId(), e.sourceEventType(), e.topic(),
                e.occurredAt(), e.recordedAt(), e.actorType(), e.actorId(), null, Map.of("step", 99L), e.deadline(), e.previousHash(), null);
        chain.set(1, forged.withHash(AuditChain.hash(forged)));
        assertThat(AuditChain.verify("r-1", chain, List.of())).isInstanceOfSatisfying(ChainVerification.Broken.class,
                b -> assertThat(b.brokenAt()).isEqualTo(3));
    }

    @Test
    void aDeletedMiddleEntryIsReportedAsMissing() {
        List<AuditEntry> chain = chainOf(4);
        chain.remove(1);
        assertThat(AuditChain.verify("r-1", chain, List.of())).isInstanceOfSatisfying(ChainVerification.Broken.class,
                b -> assertThat(b.problem()).isEqualTo(ChainVerification.Problem.MISSING_ENTRY));
    }

    @Test
    void removingTheNewestEntriesIsOnlyVisibleThroughAnAnchor() {
        List<AuditEntry> chain = chainOf(4);
        AuditChain.AnchoredHead anchored = new AuditChain.AnchoredHead(4, chain.get(3).hash(), Instant.now());
        List<AuditEntry> truncated = chain.subList(0, 3);
        assertThat(AuditChain.verify("r-1", truncated, List.of()).intact()).isTrue();
        assertThat(AuditChain.verify("r-1", truncated, List.of(anchored)))
                .isInstanceOfSatisfying(ChainVerification.Broken.class,
                        b -> assertThat(b.problem()).isEqualTo(ChainVerification.Problem.TRUNCATED));
    }
}

package dev.rightsflow.auditlog.trail.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** Anchor seals and the witness comparison, in plain Java. */
class AnchorSealTest {

    private final AnchorSeal seal = new AnchorSeal("k".repeat(32).getBytes(StandardCharsets.UTF_8));
    private final List<Map<String, Object>> heads = List.of(Map.of("chain", "r-1", "sequence", 4L, "hash", "ab".repeat(32)));

    @Test
    void aSealVerifiesOnlyForTheSameHeadsTimeAndKey() {
        String s = seal.seal("2026-09-03T10:15:00Z", heads);
        assertThat(s).hasSize(64);
        assertThat(seal.verifies("2026-09-03T10:15:00Z", heads, s)).isTrue();
        assertThat(seal.verifies("2026-09-03T10:15:01Z", heads, s)).isFalse();
        assertThat(seal.verifies("2026-09-03T10:15:00Z", List.of(Map.of("chain", "r-1", "sequence", 5L,
                "hash", "ab".repeat(32))), s)).isFalse();
        assertThat(new AnchorSeal("x".repeat(32).getBytes(StandardCharsets.UTF_8)).verifies("2026-09-03T10:15:00Z",
                heads, s)).isFalse();
        assertThat(seal.verifies("2026-09-03T10:15:00Z", heads, null)).isFalse();
        assertThatThrownBy(() -> new AnchorSeal(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<AuditEntry> chainOf(int n, String marker) {
        List<AuditEntry> chain = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AuditEntry unchained = new AuditEntry("r-1", 0, "e" + i, "CaseOpened", "rightsflow.cases",
                    Instant.parse("2026-09-03T10:15:00Z"), Instant.parse("2026-09-03T10:15:01Z"), "SYSTEM", "router",
                    null, Map.of("step", (long) i, "m", i >= 2 ? marker : "orig"), null, null, null);
            chain.add(AuditChain.next(chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(chain.size() - 1)),
                    unchained));
        }
        return chain;
    }

    @Test
    void aChainRecomputedFromItsThirdEntryIsNamedThereByTheWitness() {
        List<AuditEntry> original = chainOf(5, "orig");
        List<AuditEntry> forged = chainOf(5, "forged");
        TreeMap<Long, String> witnessed = new TreeMap<>();
        original.forEach(e -> witnessed.put(e.sequence(), e.hash()));

        assertThat(AuditChain.verify("r-1", forged, List.of())).isInstanceOf(ChainVerification.Intact.class);
        assertThat(AuditChain.verify("r-1", forged, List.of(), Optional.of(witnessed)))
                .isInstanceOfSatisfying(ChainVerification.Broken.class, b -> {
                    assertThat(b.brokenAt()).isEqualTo(3);
                    assertThat(b.problem()).isEqualTo(ChainVerification.Problem.WITNESS_MISMATCH);
                    assertThat(b.sourceEventId()).isEqualTo("e2");
                });
        assertThat(AuditChain.verify("r-1", original, List.of(), Optional.of(witnessed)))
                .isInstanceOfSatisfying(ChainVerification.Intact.class, ok -> assertThat(ok.witnessed()).isEqualTo(5));
    }

    @Test
    void anAnchorWhoseSealDoesNotVerifyIsReportedAsForged() {
        List<AuditEntry> forged = chainOf(5, "forged");
        AuditChain.AnchoredHead rewritten = new AuditChain.AnchoredHead(5, forged.get(4).hash(),
                Instant.parse("2026-09-03T11:00:00Z"), false);
        assertThat(AuditChain.verify("r-1", forged, List.of(rewritten), Optional.empty()))
                .isInstanceOfSatisfying(ChainVerification.Broken.class,
                        b -> assertThat(b.problem()).isEqualTo(ChainVerification.Problem.ANCHOR_FORGED));
    }
}

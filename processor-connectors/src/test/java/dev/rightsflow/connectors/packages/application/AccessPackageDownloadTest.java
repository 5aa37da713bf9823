package dev.rightsflow.connectors.packages.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactor.core.publisher.Mono;

import dev.rightsflow.connectors.tasks.application.ExportVault;
import dev.rightsflow.connectors.tasks.application.PackageCipher;
import dev.rightsflow.connectors.tasks.application.ResultPublisher;
import dev.rightsflow.connectors.tasks.model.ActorRef;
import dev.rightsflow.connectors.tasks.model.TaskRecord;

/** The download rules of an access package, with the clock where the test wants it. */
class AccessPackageDownloadTest {

    private static final Instant READY = Instant.parse("2026-09-20T09:00:00Z");
    private static final String TOKEN = "the-subjects-status-token";

    @TempDir
    Path dir;

    private final PackageCipher cipher = new PackageCipher(new byte[32]);
    private final List<String> downloads = new ArrayList<>();
    private final List<String> purged = new ArrayList<>();
    private Optional<String> knownTokenHash = Optional.of(AccessPackages.sha256Hex(TOKEN));

    @Test
    void theLinkWorksWithinSevenDaysAndIsGoneAfter() throws IOException {
        assertThat(packagesAt(READY.plus(Duration.ofDays(6))).download("pkg-1", TOKEN).block())
                .isInstanceOf(AccessPackages.Download.Ok.class);
        assertThat(downloads).containsExactly("pkg-1");

        assertThat(packagesAt(READY.plus(Duration.ofDays(7))).download("pkg-1", TOKEN).block())
                .isInstanceOf(AccessPackages.Download.Expired.class);
        assertThat(downloads).as("an expired download is not a download").hasSize(1);
    }

    @Test
    void anExpiredLinkDoesNotTellAStrangerThatThePackageExists() throws IOException {
        assertThat(packagesAt(READY.plus(Duration.ofDays(30))).download("pkg-1", "guess").block())
                .isInstanceOf(AccessPackages.Download.Forbidden.class);
    }

    @Test
    void anExpiredPackageAndTheExportsItWasBuiltFromAreDeleted() throws IOException {
        ExportVault vault = new ExportVault(dir, cipher);
        vault.write(new ExportVault.ExportFile("task-1", "req-1", "opencrm", "generic-rest", "ACCESS", true, "1 record", null, List.of(), List.of(), List.of()));
        assertThat(packagesAt(READY.plus(Duration.ofDays(6))).purgeExpired().block()).isZero();
        assertThat(vault.exists("task-1")).isTrue();

        assertThat(packagesAt(READY.plus(Duration.ofDays(8))).purgeExpired().block()).isEqualTo(1);
        assertThat(dir.resolve("pkg-1.zip.enc")).doesNotExist();
        assertThat(vault.exists("task-1")).isFalse();
        assertThat(purged).containsExactly("pkg-1");
    }

    @Test
    void beforeTheRequestReachesThisServiceTheTokenCannotBeCheckedAndNothingIsHandedOut() throws IOException {
        knownTokenHash = Optional.empty();
        assertThat(packagesAt(READY.plus(Duration.ofDays(1))).download("pkg-1", TOKEN).block())
                .isInstanceOf(AccessPackages.Download.RequestNotYetKnown.class);
        assertThat(downloads).isEmpty();
    }

    @Test
    void theTokenIsComparedByItsHashOnly() {
        assertThat(AccessPackages.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    private AccessPackages packagesAt(Instant now) throws IOException {
        Files.write(dir.resolve("pkg-1.zip.enc"), cipher.encrypt("PK-zip-bytes".getBytes(), "pkg-1"));
        PackageStore store = new PackageStore() {
            @Override public Mono<Void> savePlan(Plan plan) { return Mono.empty(); }
            @Override public Mono<Plan> plan(String requestId) { return Mono.just(new Plan("req-1", List.of("task-1"))); }
            @Override public Mono<Void> saveTokenHash(String requestId, String hash) { return Mono.empty(); }
            @Override public Mono<Optional<String>> tokenHash(String requestId) {
                return Mono.just(knownTokenHash);
            }
            @Override public Mono<Boolean> claimBuild(String packageId, String requestId, Instant at) { return Mono.just(false); }
            @Override public Mono<Void> markReady(PackageInfo info) { return Mono.empty(); }
            @Override public Mono<PackageInfo> find(String packageId) {
                return Mono.just(new PackageInfo("pkg-1", "req-1", "pkg-1.zip.enc", List.of("opencrm"), READY,
                        READY.plus(Duration.ofDays(7)), 0));
            }
            @Override public Mono<Void> countDownload(String packageId) { return Mono.empty(); }
            @Override public reactor.core.publisher.Flux<PackageInfo> expiredUnpurged(Instant at) {
                return at.isAfter(READY.plus(Duration.ofDays(7))) && purged.isEmpty()
                        ? find("pkg-1").flux() : reactor.core.publisher.Flux.empty();
            }
            @Override public Mono<Void> markPurged(String packageId, Instant at) { return Mono.fromRunnable(() -> purged.add(packageId)); }
            @Override public Mono<Void> deleteAll() { return Mono.empty(); }
            @Override public Mono<Long> count() { return Mono.just(1L); }
        };
        ResultPublisher publisher = new ResultPublisher() {
            @Override public Mono<Void> publish(TaskRecord task) { return Mono.empty(); }
            @Override public Mono<Void> packageReady(String r, String p, List<String> s, Instant e, String id, Instant at) { return Mono.empty(); }
            @Override public Mono<Void> packageDownloaded(String r, String packageId, String id, Instant at) {
                return Mono.fromRunnable(() -> downloads.add(packageId));
            }
            @Override public Mono<Void> retryRequested(String r, String t, String id, ActorRef staff, Instant at) { return Mono.empty(); }
        };
        return new AccessPackages(null, store, new ExportVault(dir, cipher), null, cipher, publisher, dir, Duration.ofDays(7),
                Clock.fixed(now, ZoneOffset.UTC));
    }
}

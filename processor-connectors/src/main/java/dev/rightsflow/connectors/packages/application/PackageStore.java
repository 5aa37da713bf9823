package dev.rightsflow.connectors.packages.application;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** What access packages need to remember: each request's export plan, its status-token hash, its package. */
public interface PackageStore {

    /** The export tasks a request's plan contains (from CasePlanned). */
    /** @param systemNames the names people read, by system id (from {@code CasePlanned}; may miss ids of older plans) */
    record Plan(String requestId, List<String> exportTaskIds, java.util.Map<String, String> systemNames) {
        public Plan {
            systemNames = systemNames == null ? java.util.Map.of() : java.util.Map.copyOf(systemNames);
        }

        public Plan(String requestId, List<String> exportTaskIds) {
            this(requestId, exportTaskIds, java.util.Map.of());
        }

        /** The system's name, or its id when the plan did not name it. */
        public String nameOf(String systemId) {
            return systemNames.getOrDefault(systemId, systemId);
        }
    }

    /**
     * One request's package.
     *
     * @param file       where the encrypted ZIP is, relative to the package directory
     * @param readyAt    null while it is being built
     */
    record PackageInfo(String packageId, String requestId, String file, List<String> systems, Instant readyAt,
            Instant expiresAt, int downloads) {
    }

    Mono<Void> savePlan(Plan plan);

    Mono<Plan> plan(String requestId);

    Mono<Void> saveTokenHash(String requestId, String statusTokenHash);

    /** A poll's plans, in order (a request's last plan wins); a store that can writes them in one bulk write. */
    default Mono<Void> savePlans(List<Plan> plans) {
        return Flux.fromIterable(plans).concatMap(this::savePlan).then();
    }

    /** A poll's status-token hashes by request id; a store that can writes them in one bulk write. */
    default Mono<Void> saveTokenHashes(java.util.Map<String, String> hashByRequest) {
        return Flux.fromIterable(hashByRequest.entrySet()).concatMap(e -> saveTokenHash(e.getKey(), e.getValue())).then();
    }

    Mono<Optional<String>> tokenHash(String requestId);

    /** Claims the right to build the request's package; emits true for the one caller that claimed it. */
    Mono<Boolean> claimBuild(String packageId, String requestId, Instant now);

    Mono<Void> markReady(PackageInfo info);

    Mono<PackageInfo> find(String packageId);

    Mono<Void> countDownload(String packageId);

    /** Packages whose link expired before {@code now} and whose files are not purged yet. */
    Flux<PackageInfo> expiredUnpurged(Instant now);

    Mono<Void> markPurged(String packageId, Instant at);

    Mono<Void> deleteAll();

    Mono<Long> count();
}

package dev.rightsflow.connectors.packages.application;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rightsflow.connectors.catalogue.application.Art15Catalogue;
import dev.rightsflow.connectors.tasks.application.ExportVault;
import dev.rightsflow.connectors.tasks.application.PackageCipher;
import dev.rightsflow.connectors.tasks.application.ResultPublisher;
import dev.rightsflow.connectors.tasks.application.TaskRunner;
import dev.rightsflow.connectors.tasks.application.TaskStore;
import dev.rightsflow.connectors.tasks.model.TaskRecord;
import dev.rightsflow.connectors.tasks.model.TaskStatus;
import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.schemas.Events;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Access and portability packages (UK GDPR Art 15(3), Art 20). When every export task in a
 * request's plan ({@code CasePlanned}) has completed, the exports are gathered into one ZIP
 * ({@link PackageWriter}), encrypted at rest ({@link PackageCipher}) under the package directory,
 * and {@code AccessPackageReady} is published with its expiry. The subject downloads it with the
 * status token intake gave them, checked against the SHA-256 hash in {@code RequestReceived}; every
 * download publishes {@code AccessPackageDownloaded}. The package id is derived from the request
 * id, so one request has one package however often the trigger repeats.
 */
public final class AccessPackages implements TaskRunner.TaskSettledListener {

    private static final Logger log = LoggerFactory.getLogger(AccessPackages.class);

    private final TaskStore tasks;
    private final PackageStore store;
    private final ExportVault vault;
    private final Art15Catalogue art15;
    private final PackageCipher cipher;
    private final ResultPublisher publisher;
    private final Path directory;
    private final Duration validity;
    private final Clock clock;
    private final PackageWriter writer = new PackageWriter();
    private volatile Disposable purging;

    /** The answer to a download. */
    public sealed interface Download {
        record Ok(String requestId, String fileName, byte[] zip) implements Download {
        }

        record NotFound() implements Download {
        }

        record Expired(Instant expiredAt) implements Download {
        }

        record Forbidden() implements Download {
        }

        /**
         * The package is ready but the request it belongs to has not reached this service yet
         * (the requests topic is read by its own listener, so its order against the tasks is not
         * guaranteed): the token cannot be checked yet. Not a refusal: try again shortly.
         */
        record RequestNotYetKnown() implements Download {
        }
    }

    public AccessPackages(TaskStore tasks, PackageStore store, ExportVault vault, Art15Catalogue art15, PackageCipher cipher,
            ResultPublisher publisher, Path directory, Duration validity, Clock clock) {
        this.tasks = tasks;
        this.store = store;
        this.vault = vault;
        this.art15 = art15;
        this.cipher = cipher;
        this.publisher = publisher;
        this.directory = directory;
        this.validity = validity;
        this.clock = clock;
    }

    /** Purges expired packages now and then every {@code every}, until {@link #stop()}. */
    public synchronized void start(Duration every) {
        if (purging == null) {
            purging = Flux.interval(Duration.ZERO, every).onBackpressureDrop()
                    .concatMap(tick -> purgeExpired().onErrorResume(e -> {
                        log.warn("purging expired packages failed: {}", e.toString());
                        return Mono.empty();
                    }), 1)
                    .subscribe();
        }
    }

    public synchronized void stop() {
        if (purging != null) {
            purging.dispose();
            purging = null;
        }
    }

    public static String packageId(String requestId) {
        return Events.derivedId(requestId, "access-package");
    }

    public static String fileOf(String packageId) {
        return packageId + ".zip.enc";
    }

    /** The router planned the case: remember its export tasks, and build if they are all done already. */
    public Mono<Void> planned(PackageStore.Plan plan) {
        if (plan.exportTaskIds().isEmpty()) {
            return Mono.empty();
        }
        return store.savePlan(plan).then(buildWhenComplete(plan.requestId()));
    }

    /**
     * A poll's plans (CasePlanned): those with export tasks stored in one bulk write, then each request's
     * package built if its exports are all done already, as {@link #planned} does one at a time.
     */
    public Mono<Void> plannedAll(List<PackageStore.Plan> plans) {
        List<PackageStore.Plan> withExports = plans.stream().filter(p -> !p.exportTaskIds().isEmpty()).toList();
        return store.savePlans(withExports).thenMany(Flux.fromIterable(withExports).map(PackageStore.Plan::requestId).distinct()
                .concatMap(this::buildWhenComplete)).then();
    }

    @Override
    public Mono<Void> settled(TaskRecord task) {
        return task.action() == Action.EXPORT ? buildWhenComplete(task.requestId()) : Mono.empty();
    }

    Mono<Void> buildWhenComplete(String requestId) {
        return store.plan(requestId).flatMap(plan -> tasks.byRequest(requestId).collectMap(TaskRecord::taskId, Function.identity())
                .flatMap(byId -> {
                    boolean allDone = plan.exportTaskIds().stream().allMatch(id -> byId.containsKey(id)
                            && byId.get(id).status() == TaskStatus.COMPLETED && vault.exists(id));
                    if (!allDone) {
                        return Mono.empty();
                    }
                    String packageId = packageId(requestId);
                    Instant now = clock.instant();
                    return store.claimBuild(packageId, requestId, now).flatMap(claimed -> claimed
                            ? build(packageId, plan, byId, now) : Mono.empty());
                }));
    }

    private Mono<Void> build(String packageId, PackageStore.Plan plan, Map<String, TaskRecord> byId, Instant now) {
        return Mono.fromCallable(() -> {
            List<ExportVault.ExportFile> exports = plan.exportTaskIds().stream().map(vault::read).toList();
            TaskRecord first = byId.get(plan.exportTaskIds().get(0));
            byte[] zip = writer.write(new PackageWriter.Contents(packageId, plan.requestId(), first.right(), now,
                    art15.forController(first.controllerId()), exports, plan.systemNames()));
            Files.createDirectories(directory);
            Path temp = Files.createTempFile(directory, packageId, ".tmp");
            Files.write(temp, cipher.encrypt(zip, packageId));
            Files.move(temp, directory.resolve(fileOf(packageId)), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return exports.stream().map(ExportVault.ExportFile::systemId).distinct().collect(Collectors.toList());
        }).subscribeOn(Schedulers.boundedElastic()).flatMap(systems -> {
            Instant expiresAt = now.plus(validity);
            PackageStore.PackageInfo info = new PackageStore.PackageInfo(packageId, plan.requestId(), fileOf(packageId), systems, now,
                    expiresAt, 0);
            log.info("access package {} of request {} ready with {} system(s)", packageId, plan.requestId(), systems.size());
            return store.markReady(info).then(publisher.packageReady(plan.requestId(), packageId, systems, expiresAt,
                    Events.derivedId(packageId, "ready"), now));
        });
    }

    /**
     * Deletes the files of packages whose link has expired, and the exports they were built from
     * (UK GDPR Art 5(1)(e), storage limitation: the copy was made for the subject, who had their
     * chance to take it). The package's record stays, so a late download answers "expired".
     *
     * @return how many packages were purged
     */
    public Mono<Long> purgeExpired() {
        Instant now = clock.instant();
        return store.expiredUnpurged(now).concatMap(info -> store.plan(info.requestId())
                .map(PackageStore.Plan::exportTaskIds).defaultIfEmpty(List.of())
                .flatMap(exports -> Mono.fromRunnable(() -> {
                    try {
                        Files.deleteIfExists(directory.resolve(info.file()));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot delete package " + info.packageId(), e);
                    }
                    exports.forEach(vault::delete);
                }).subscribeOn(Schedulers.boundedElastic()))
                .then(store.markPurged(info.packageId(), now))
                .doOnSuccess(v -> log.info("access package {} of request {} expired; its files are deleted", info.packageId(),
                        info.requestId()))
                .thenReturn(1L))
                .count();
    }

    /**
     * The request's retention has ended ({@code PersonalDataErased}): its exports (with any files and records a person
     * attached) and its package file are deleted, whatever the link's expiry. Their copies on the topics are already
     * unreadable, the request's key being gone.
     */
    public Mono<Void> erase(String requestId) {
        return tasks.byRequest(requestId).map(TaskRecord::taskId).collectList().flatMap(ids -> Mono.fromRunnable(() -> {
            ids.forEach(vault::delete);
            try {
                Files.deleteIfExists(directory.resolve(fileOf(packageId(requestId))));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the package of request " + requestId, e);
            }
        }).subscribeOn(Schedulers.boundedElastic())).then();
    }

    /** The subject downloads the package with their status token. */
    public Mono<Download> download(String packageId, String statusToken) {
        return store.find(packageId).flatMap(info -> {
            Instant now = clock.instant();
            if (info.readyAt() == null) {
                return Mono.<Download>just(new Download.NotFound());
            }
            return store.tokenHash(info.requestId()).flatMap(hash -> {
                if (hash.isEmpty()) {
                    return Mono.just(new Download.RequestNotYetKnown());
                }
                if (statusToken == null || statusToken.isBlank()
                        || !MessageDigest.isEqual(hash.get().getBytes(StandardCharsets.US_ASCII),
                                sha256Hex(statusToken).getBytes(StandardCharsets.US_ASCII))) {
                    log.info("download of package {} refused: wrong or missing token", packageId);
                    return Mono.just(new Download.Forbidden());
                }
                if (!now.isBefore(info.expiresAt())) {
                    return Mono.just(new Download.Expired(info.expiresAt()));
                }
                return Mono.fromCallable(() -> cipher.decrypt(Files.readAllBytes(directory.resolve(info.file())), packageId))
                        .subscribeOn(Schedulers.boundedElastic())
                        .onErrorMap(IOException.class, e -> new UncheckedIOException("package file missing: " + packageId, e))
                        .flatMap(zip -> publisher.packageDownloaded(info.requestId(), packageId, Events.newEventId(), now)
                                .then(store.countDownload(packageId))
                                .thenReturn((Download) new Download.Ok(info.requestId(), "access-package-" + info.requestId() + ".zip", zip)));
            });
        }).defaultIfEmpty(new Download.NotFound());
    }

    public static String sha256Hex(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.rightsflow.router.startup;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;

import dev.rightsflow.router.cases.application.CaseService;
import dev.rightsflow.router.cases.application.CaseStore;
import dev.rightsflow.router.registry.application.RegistryCodec;
import dev.rightsflow.router.registry.application.RegistryService;
import dev.rightsflow.router.registry.application.RegistryStore;
import dev.rightsflow.router.registry.model.Organisation;
import dev.rightsflow.router.webhooks.application.DeliveryStore;
import dev.rightsflow.schemas.state.ProjectionState;

/**
 * The router's part in the shared start-up ({@link ProjectionState}):
 * <ul>
 *   <li>while catching up, its listeners fold every event, its own decisions on the cases and
 *       alerts topics included, a poll's records at a time, and decide nothing ({@link #foldAll});</li>
 *   <li>once caught up: load the registry, reconcile the cases a fold marked (this run's, and an earlier
 *       run's that stopped before reconciling: the mark is saved with the fold) (publish what
 *       the topics show was decided but never published, see {@link CaseService#reconcile}; ids
 *       are derived, so a repeat is harmless), restart forwarding calls that were under way, send
 *       again the OpenDSR cancellations of withdrawn cases that have no recorded outcome
 *       ({@link CaseService#resumeCancels}), and
 *       publish the seed organisations whose seed entry changed.</li>
 * </ul>
 */
public class RouterStartup implements ProjectionState.Hooks {

    /** The router's listener containers (ids unique across the system). */
    public static final List<String> LISTENERS = List.of("router-registry", "router-requests", "router-task-results",
            "router-case-commands", "router-history");

    /** The version of the router's projection format: a change rebuilds it from the topics. */
    public static final int FORMAT = 3;

    private static final Logger log = LoggerFactory.getLogger(RouterStartup.class);

    private final RegistryStore registryStore;
    private final CaseStore caseStore;
    private final RegistryService registry;
    private final CaseService cases;
    private final RegistryCodec codec;
    private final Resource seed;
    private final DeliveryStore webhookDeliveries;
    /**
     * The seed organisations, read while the router catches up ({@link #readSeedMeanwhile}); taken by the first
     * {@link #caughtUp()}, later ones (a rebuild) read the file again.
     */
    private final AtomicReference<CompletableFuture<List<Organisation>>> seedRead = new AtomicReference<>();

    public RouterStartup(RegistryStore registryStore, CaseStore caseStore, RegistryService registry, CaseService cases,
            RegistryCodec codec, DeliveryStore webhookDeliveries, Resource seed) {
        this.webhookDeliveries = webhookDeliveries;
        this.registryStore = registryStore;
        this.caseStore = caseStore;
        this.registry = registry;
        this.cases = cases;
        this.codec = codec;
        this.seed = seed;
        readSeedMeanwhile();
    }

    /**
     * Reads and parses the seed file on a thread of its own, so that going live does not wait for it: on a fresh JVM the
     * first YAML and JSON mapping of the organisations (class loading, the mappers' introspection) was most of the
     * router's going-live time at a start with nothing to catch up (JFR: the router's going-live thread in snakeyaml
     * and Jackson). The file is read once either way.
     */
    private void readSeedMeanwhile() {
        if (seed == null || !seed.exists()) {
            return;
        }
        CompletableFuture<List<Organisation>> read = new CompletableFuture<>();
        seedRead.set(read);
        Thread t = new Thread(() -> {
            try {
                List<Organisation> organisations = readSeed();
                organisations.forEach(codec::digest); // the digests publishSeed compares: their mapping warmed up too
                read.complete(organisations);
            } catch (RuntimeException e) {
                read.completeExceptionally(e);
            }
        }, "router-seed-read");
        t.setDaemon(true);
        t.start();
    }

    private List<Organisation> readSeed() {
        try (InputStream in = seed.getInputStream()) {
            return codec.readSeed(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the seed registry " + seed, e);
        }
    }

    @Override
    public void clear() {
        registryStore.clear();
        caseStore.clear();
        webhookDeliveries.clear();
    }

    /**
     * While catching up: folds a poll's events ({@link CaseService#projectAll}), deciding nothing.
     *
     * @throws CaseService.BatchFailed when an event could not be folded; those before it are
     */
    public void foldAll(List<CaseService.Input> events) {
        cases.projectAll(events);
    }

    @Override
    public void caughtUp() {
        registry.reload();
        // every case a fold marked: this run's, and an earlier run's that stopped before reconciling
        int republished = cases.reconcile(caseStore.awaitingReconciliation());
        int resumed = cases.resumeForwards();
        int cancels = cases.resumeCancels();
        if (republished > 0 || resumed > 0 || cancels > 0) {
            log.info("router: {} missing event(s) published, {} forwarding call(s) restarted, {} cancellation(s) sent again",
                    republished, resumed, cancels);
        }
        CompletableFuture<List<Organisation>> read = seedRead.getAndSet(null);
        if (read != null) {
            try {
                registry.publishSeed(read.join());
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        } else if (seed != null && seed.exists()) {
            registry.publishSeed(readSeed());
        }
    }
}

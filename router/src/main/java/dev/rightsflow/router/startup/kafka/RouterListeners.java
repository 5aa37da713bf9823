package dev.rightsflow.router.startup.kafka;

import dev.rightsflow.router.startup.RouterStartup;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.rightsflow.router.RouterConfiguration;
import dev.rightsflow.router.cases.application.CaseService;
import dev.rightsflow.router.cases.kafka.CaseEventAvro;
import dev.rightsflow.router.cases.model.CaseInput;
import dev.rightsflow.router.registry.application.RegistryService;
import dev.rightsflow.router.webhooks.application.WebhookDeliveries;
import dev.rightsflow.router.webhooks.kafka.WebhookAvro;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.OrganisationPublished;
import dev.rightsflow.schemas.avro.WebhookAttempted;
import dev.rightsflow.schemas.state.ProjectionState;

/**
 * The router's Kafka listeners: the one way its state is built, for history and live events
 * alike ({@link ProjectionState}). The case listeners take a poll's records at a time (batch
 * listeners of the shared start-up, {@code ProjectionState#configureBatch}): while the router
 * catches up they fold ({@link RouterStartup#foldAll}); once live they decide
 * ({@link CaseService#handleAll}: one read of the cases, one bulk write, the sends awaited
 * together). Each record reaches the use cases as the model's input, mapped by the Kafka adapter
 * ({@link CaseEventAvro#input}, {@link WebhookAvro#fromAvro}), one input per record. A record that cannot be handled stops its batch there: those before it are handled
 * and count as such, it is retried with back-off and then dead-lettered to
 * {@code rightsflow.dlt.router} by the service's error handler, as one at a time. Registry edits
 * (rare, and every later decision is made against them) are taken one record at a time.
 */
@Component
public class RouterListeners {

    private final CaseService cases;
    private final RegistryService registry;
    private final RouterStartup startup;
    private final ProjectionState state;
    private final WebhookDeliveries webhooks;
    private final CaseEventAvro avro;

    public RouterListeners(CaseService cases, RegistryService registry, RouterStartup startup,
            @Qualifier("routerProjectionState") ProjectionState state,
            @Qualifier("routerWebhookDeliveries") WebhookDeliveries webhooks,
            @Qualifier("routerCaseEventAvro") CaseEventAvro avro) {
        this.webhooks = webhooks;
        this.cases = cases;
        this.registry = registry;
        this.startup = startup;
        this.state = state;
        this.avro = avro;
    }

    @KafkaListener(id = "router-requests", topics = Topics.REQUESTS, groupId = RouterConfiguration.GROUP,
            containerFactory = RouterConfiguration.BATCH_LISTENER_FACTORY)
    public void onRequests(List<ConsumerRecord<String, SpecificRecord>> records) {
        handle(records);
    }

    @KafkaListener(id = "router-task-results", topics = Topics.TASK_RESULTS, groupId = RouterConfiguration.GROUP,
            containerFactory = RouterConfiguration.BATCH_LISTENER_FACTORY)
    public void onTaskResults(List<ConsumerRecord<String, SpecificRecord>> records) {
        handle(records);
    }

    @KafkaListener(id = "router-case-commands", topics = Topics.CASE_COMMANDS, groupId = RouterConfiguration.GROUP,
            containerFactory = RouterConfiguration.BATCH_LISTENER_FACTORY)
    public void onCommands(List<ConsumerRecord<String, SpecificRecord>> records) {
        handle(records);
    }

    /**
     * The router's own decisions (cases) and the alerts about its cases: folded while catching up,
     * so a store rebuilt or restored from an older checkpoint knows what was already decided;
     * when live, the store already holds them (decisions are saved as they are made). Live and while
     * catching up alike, they are folded into the webhook deliveries ({@link WebhookDeliveries#on}), after the case.
     */
    @KafkaListener(id = "router-history", topics = {Topics.CASES, Topics.ALERTS},
            groupId = RouterConfiguration.GROUP + "-history", containerFactory = RouterConfiguration.BATCH_LISTENER_FACTORY)
    public void onOwnHistory(List<ConsumerRecord<String, SpecificRecord>> records) {
        readable(records, batch -> {
            int folded = batch.size();
            try {
                if (state.catchingUp()) {
                    startup.foldAll(inputs(batch));
                }
            } catch (CaseService.BatchFailed failed) {
                folded = failed.index();
                throw failed;
            } finally {
                for (int i = 0; i < folded; i++) {
                    try {
                        if (batch.get(i).value() instanceof WebhookAttempted attempted) {
                            webhooks.on(WebhookAvro.fromAvro(attempted));
                        } else {
                            webhooks.on(avro.input(batch.get(i).value()));
                        }
                    } catch (RuntimeException e) {
                        throw ProjectionState.failedAt(batch.get(i), e);
                    }
                }
            }
        });
    }

    /** Registry edits, from this or another router instance. */
    @KafkaListener(id = "router-registry", topics = Topics.REGISTRY, groupId = RouterConfiguration.GROUP + "-registry",
            containerFactory = RouterConfiguration.LISTENER_FACTORY)
    public void onOrganisation(ConsumerRecord<String, SpecificRecord> record) {
        if (record.value() instanceof OrganisationPublished published) {
            registry.project(published.getDocument(), published.getVersion());
        }
    }

    private void handle(List<ConsumerRecord<String, SpecificRecord>> records) {
        readable(records, batch -> {
            if (state.catchingUp()) {
                startup.foldAll(inputs(batch));
            } else {
                cases.handleAll(inputs(batch).stream().map(CaseService.Input::event).toList());
            }
        });
    }

    /**
     * Hands the batch's records up to the first that could not be read to {@code handler}, then fails
     * at that one (dead-lettered at once); a {@link CaseService.BatchFailed} names the record it stopped at.
     */
    private static void readable(List<ConsumerRecord<String, SpecificRecord>> records,
            java.util.function.Consumer<List<ConsumerRecord<String, SpecificRecord>>> handler) {
        int readable = 0;
        while (readable < records.size() && records.get(readable).value() != null) {
            readable++;
        }
        List<ConsumerRecord<String, SpecificRecord>> batch = records.subList(0, readable);
        try {
            handler.accept(batch);
        } catch (CaseService.BatchFailed failed) {
            throw ProjectionState.failedAt(batch.get(failed.index()), failed.getCause());
        }
        if (readable < records.size()) {
            ConsumerRecord<String, SpecificRecord> record = records.get(readable);
            throw ProjectionState.failedAt(record, ProjectionState.undecodable(record));
        }
    }

    /** The batch's records as the case's inputs, one for one (so a failure's index is its record's). */
    private List<CaseService.Input> inputs(List<ConsumerRecord<String, SpecificRecord>> batch) {
        List<CaseService.Input> inputs = new ArrayList<>(batch.size());
        for (ConsumerRecord<String, SpecificRecord> r : batch) {
            CaseInput input = avro.input(r.value());
            inputs.add(new CaseService.Input(r.topic(), input));
        }
        return inputs;
    }
}

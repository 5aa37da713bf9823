package dev.rightsflow.router.registry.kafka;

import java.time.Instant;

import dev.rightsflow.router.events.application.EventPublisher;
import dev.rightsflow.router.events.kafka.KafkaEventPublisher.Addressed;
import dev.rightsflow.router.events.model.Actor;
import dev.rightsflow.router.registry.application.RegistryEntry;
import dev.rightsflow.router.registry.application.RegistryPublisher;
import dev.rightsflow.router.registry.model.Organisation;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.OrganisationPublished;

/**
 * The registry's edits in the event contract: a registry entry as its {@code OrganisationPublished} (the full entry
 * as JSON in {@code document}, the fields other services read beside it), published keyed by the organisation id on
 * REGISTRY through the {@link EventPublisher}.
 */
public final class RegistryEvents implements RegistryPublisher {

    private final EventPublisher<Addressed> publisher;

    public RegistryEvents(EventPublisher<Addressed> publisher) {
        this.publisher = publisher;
    }

    @Override
    public void publish(RegistryEntry entry, String document, Actor actor, Instant at) {
        publisher.publish(new Addressed(Topics.REGISTRY, entry.organisation().id(), toEvent(entry, document, actor, at)));
    }

    static OrganisationPublished toEvent(RegistryEntry entry, String document, Actor actor, Instant at) {
        Organisation o = entry.organisation();
        return OrganisationPublished.newBuilder()
                .setEventId(Events.derivedId("OrganisationPublished", o.id(), Long.toString(entry.version())))
                .setRequestId(o.id())
                .setOccurredAt(at)
                .setActor(AvroMapping.actor(actor))
                .setOrganisationId(o.id())
                .setVersion(entry.version())
                .setName(o.name())
                .setDivision(AvroMapping.division(o.division()))
                .setServices(AvroMapping.services(o))
                .setRights(AvroMapping.rights(o))
                .setProcessorAuth(AvroMapping.processorAuth(o))
                .setTargets(AvroMapping.targets(o))
                .setConsentPurposes(AvroMapping.consentPurposes(o))
                .setAutoAccept(o.autoAccept())
                .setAlertEmail(o.alerts().email())
                .setAlertWebhook(o.alerts().webhook())
                .setDocument(document)
                .build();
    }
}

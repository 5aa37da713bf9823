package dev.rightsflow.auditlog.deadlines.kafka;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

import dev.rightsflow.auditlog.AuditLogConfiguration;
import dev.rightsflow.auditlog.deadlines.application.OrganisationTargets;
import dev.rightsflow.deadline.ResponseTargetSpec;
import dev.rightsflow.deadline.UkDivision;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.OrganisationPublished;
import dev.rightsflow.schemas.avro.ResponseTarget;

/**
 * Organisations' targets and divisions from {@code OrganisationPublished} events.
 *
 * <p>Lifecycle: (1) at start, when the REGISTRY partitions are assigned, the listener seeks to
 * the beginning, so the whole compacted topic is read again and the view needs no store;
 * (2) afterwards every edit the router publishes arrives live; (3) a version older than or
 * equal to the one held changes nothing, so redelivery and the re-read are harmless. Lowest
 * precedence: an implementation backed by audit-log's stored registry, when there is one, is
 * asked first.
 */
@Component("auditLogDeadlinesRegistryTargets")
@Order(Ordered.LOWEST_PRECEDENCE)
public class RegistryTopicTargets implements OrganisationTargets, ConsumerSeekAware {

    /** The listener's id, unique in the whole system. */
    public static final String LISTENER_ID = "auditlog-deadlines-registry";
    /** Its own group: sharing audit-log's group would split the REGISTRY partitions with other listeners. */
    public static final String GROUP = "rightsflow-audit-log-deadlines";

    private static final Logger log = LoggerFactory.getLogger(RegistryTopicTargets.class);

    private final Map<String, Known> organisations = new ConcurrentHashMap<>();

    private record Known(long version, Optional<UkDivision> division, List<ResponseTargetSpec> targets) {
    }

    @KafkaListener(id = LISTENER_ID, topics = Topics.REGISTRY, groupId = GROUP,
            containerFactory = AuditLogConfiguration.LISTENER_FACTORY)
    public void on(SpecificRecord event) {
        if (event instanceof OrganisationPublished published) {
            on(published);
        }
    }

    /** Applies one registry entry; an older or equal version than the one held changes nothing. */
    public void on(OrganisationPublished published) {
        String id = published.getOrganisationId();
        Known next = new Known(published.getVersion(), division(published), targets(published.getTargets()));
        Known kept = organisations.merge(id, next, (held, incoming) -> incoming.version() > held.version() ? incoming : held);
        if (kept == next) {
            log.debug("Registry targets of organisation {} at version {}", id, published.getVersion());
        }
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        callback.seekToBeginning(assignments.keySet());
    }

    @Override
    public Optional<List<ResponseTargetSpec>> targetsOf(String organisationId) {
        return Optional.ofNullable(organisations.get(organisationId)).map(Known::targets);
    }

    @Override
    public Optional<UkDivision> divisionOf(String organisationId) {
        return Optional.ofNullable(organisations.get(organisationId)).flatMap(Known::division);
    }

    private static Optional<UkDivision> division(OrganisationPublished published) {
        return published.getDivision() == null ? Optional.empty() : UkDivision.parse(published.getDivision().name());
    }

    /** Targets that cannot be read (a negative number of days) are left out and logged by organisation id. */
    private static List<ResponseTargetSpec> targets(List<ResponseTarget> targets) {
        return targets.stream().flatMap(t -> {
            try {
                return java.util.stream.Stream.of(new ResponseTargetSpec(t.getRegime(), t.getAcknowledgeWorkingDays(),
                        t.getRespondWorkingDays(), t.getRespondCalendarDays(), t.getExtensionCalendarDays()));
            } catch (IllegalArgumentException e) {
                log.warn("Registry target of regime {} ignored: {}", t.getRegime(), e.getMessage());
                return java.util.stream.Stream.empty();
            }
        }).toList();
    }
}

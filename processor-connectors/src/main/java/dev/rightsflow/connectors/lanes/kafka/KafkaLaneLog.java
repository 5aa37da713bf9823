package dev.rightsflow.connectors.lanes.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.avro.specific.SpecificRecord;
import org.springframework.kafka.core.KafkaTemplate;

import dev.rightsflow.connectors.lanes.application.LaneLog;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.Actor;
import dev.rightsflow.schemas.avro.ActorType;
import dev.rightsflow.schemas.avro.LanePaused;
import dev.rightsflow.schemas.avro.LaneResumed;
import dev.rightsflow.schemas.kafka.Eventing;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.kafka.TopicReplay;

/**
 * {@link LaneLog} on the compacted LANES topic, keyed (and chained in the audit trail) by
 * {@code lane:<systemId>}. Its latest state per system is read back once at start; the topic is
 * compacted, so that read costs what the number of systems costs, not the history.
 */
public final class KafkaLaneLog implements LaneLog {

    static final String KEY_PREFIX = "lane:";
    /** The runner itself, who causes every pause and resumption. */
    private static final Actor SERVICE = new Actor(ActorType.SYSTEM, "processor-connectors", null);
    private final KafkaTemplate<String, Object> template;
    private final KafkaSettings kafka;

    public KafkaLaneLog(KafkaTemplate<String, Object> template, KafkaSettings kafka) {
        this.template = template;
        this.kafka = kafka;
    }

    @Override
    public CompletableFuture<Void> publish(LaneChange c) {
        SpecificRecord event = c.paused()
                ? LanePaused.newBuilder().setEventId(c.eventId()).setRequestId(KEY_PREFIX + c.systemId()).setOccurredAt(c.at())
                        .setActor(SERVICE).setSystemId(c.systemId()).setLane(c.lane())
                        .setConnector(c.connector()).setOrganisationIds(List.copyOf(c.organisations())).setReason(c.reason())
                        .setSince(c.since()).setNextProbeAt(c.nextProbeAt()).setProbeEveryMillis(c.probeEvery().toMillis()).build()
                : LaneResumed.newBuilder().setEventId(c.eventId()).setRequestId(KEY_PREFIX + c.systemId()).setOccurredAt(c.at())
                        .setActor(SERVICE).setSystemId(c.systemId()).setLane(c.lane())
                        .setConnector(c.connector()).setOrganisationIds(List.copyOf(c.organisations())).setPausedSince(c.since())
                        .setReason(c.reason()).build();
        return Eventing.publish(template, Topics.LANES, event).thenApply(sent -> null);
    }

    @Override
    public List<LaneChange> latest() {
        Map<String, LaneChange> last = new LinkedHashMap<>();
        TopicReplay.replay(kafka, List.of(Topics.LANES), r -> {
            if (r.value() instanceof LanePaused p) {
                last.put(p.getSystemId(), new LaneChange(p.getEventId(), p.getOccurredAt(), p.getSystemId(), p.getLane(),
                        p.getConnector(), new LinkedHashSet<>(p.getOrganisationIds()), true, p.getReason(), p.getSince(),
                        p.getNextProbeAt(), Duration.ofMillis(p.getProbeEveryMillis())));
            } else if (r.value() instanceof LaneResumed p) {
                last.put(p.getSystemId(), new LaneChange(p.getEventId(), p.getOccurredAt(), p.getSystemId(), p.getLane(),
                        p.getConnector(), new LinkedHashSet<>(p.getOrganisationIds()), false, p.getReason(), p.getPausedSince(),
                        null, null));
            }
        });
        return new ArrayList<>(last.values());
    }
}

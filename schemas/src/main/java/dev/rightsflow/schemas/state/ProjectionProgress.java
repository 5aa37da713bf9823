package dev.rightsflow.schemas.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.bson.Document;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where a service's store says it is: the projection format it was built with, and for each
 * consumer group and partition the next offset to fold. Kept in the service's own database, in
 * the same store as the projection, so a checkpoint of the store carries the offsets it reflects
 * and committed consumer-group offsets never matter for correctness. Every document is addressed
 * by its {@code _id} alone (index-served on every MongoDB, the in-process one included).
 */
public final class ProjectionProgress {

    static final String COLLECTION = "projection_progress";
    private static final String FORMAT_ID = "format";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final MongoCollection<Document> collection;

    public ProjectionProgress(MongoDatabase database) {
        this.collection = database.getCollection(COLLECTION);
    }

    /** The projection format version recorded, or null when the store has none. */
    public Integer format() {
        Document d = Mono.from(collection.find(Filters.eq("_id", FORMAT_ID)).first()).block(WAIT);
        return d == null ? null : d.getInteger("version");
    }

    /** Forgets every offset and records the format the store is (re)built with. */
    public void reset(int version) {
        Mono.from(collection.deleteMany(new Document())).block(WAIT);
        Mono.from(collection.replaceOne(Filters.eq("_id", FORMAT_ID), new Document("_id", FORMAT_ID).append("version", version),
                new ReplaceOptions().upsert(true))).block(WAIT);
    }

    /** The next offset to fold per partition, for one consumer group. */
    public Map<TopicPartition, Long> offsets(String group) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        Flux.from(collection.find(Filters.eq("group", group))).toIterable().forEach(d -> offsets.put(
                new TopicPartition(d.getString("topic"), d.getInteger("partition")), d.getLong("next")));
        return offsets;
    }

    /** Records that every record before {@code next} of the partition is folded into the store. */
    public void save(String group, String topic, int partition, long next) {
        saveAll(List.of(new Next(group, topic, partition, next)));
    }

    /** Several partitions' next offsets in one bulk write (one round trip), each addressed by its {@code _id}. */
    public void saveAll(Collection<Next> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        List<ReplaceOneModel<Document>> writes = new ArrayList<>(offsets.size());
        for (Next o : offsets) {
            String id = o.group() + "|" + o.topic() + "|" + o.partition();
            writes.add(new ReplaceOneModel<>(Filters.eq("_id", id), new Document("_id", id).append("group", o.group())
                    .append("topic", o.topic()).append("partition", o.partition()).append("next", o.next()),
                    new ReplaceOptions().upsert(true)));
        }
        Mono.from(collection.bulkWrite(writes, new BulkWriteOptions().ordered(false))).block(WAIT);
    }

    /** The next offset to fold of one consumer group's partition. */
    public record Next(String group, String topic, int partition, long next) {
    }
}

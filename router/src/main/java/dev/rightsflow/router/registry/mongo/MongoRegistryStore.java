package dev.rightsflow.router.registry.mongo;

import java.time.Duration;
import java.util.List;

import org.bson.Document;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.rightsflow.router.registry.application.RegistryCodec;
import dev.rightsflow.router.registry.application.RegistryEntry;
import dev.rightsflow.router.registry.application.RegistryStore;

/** The registry projection in {@code router_registry}: one document per organisation, newest version wins. */
public final class MongoRegistryStore implements RegistryStore {

    static final String COLLECTION = "router_registry";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final MongoCollection<Document> registry;
    private final RegistryCodec codec;

    public MongoRegistryStore(MongoDatabase database, RegistryCodec codec) {
        this.registry = database.getCollection(COLLECTION);
        this.codec = codec;
    }

    @Override
    public List<RegistryEntry> all() {
        return Flux.from(registry.find()).map(d -> codec.readDocument(d.getString("document"))).collectList()
                .blockOptional(TIMEOUT).orElse(List.of());
    }

    @Override
    public boolean upsertIfNewer(RegistryEntry entry) {
        Document doc = new Document("_id", entry.organisation().id()).append("version", entry.version())
                .append("document", codec.document(entry));
        try {
            var result = Mono.from(registry.replaceOne(Filters.and(Filters.eq("_id", entry.organisation().id()),
                    Filters.lt("version", entry.version())), doc, new ReplaceOptions().upsert(true))).block(TIMEOUT);
            return result != null && (result.getModifiedCount() == 1 || result.getUpsertedId() != null
                    || result.getMatchedCount() == 1);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public long count() {
        return Mono.from(registry.countDocuments()).blockOptional(TIMEOUT).orElse(0L);
    }

    @Override
    public void clear() {
        Mono.from(registry.deleteMany(new Document())).block(TIMEOUT);
    }
}

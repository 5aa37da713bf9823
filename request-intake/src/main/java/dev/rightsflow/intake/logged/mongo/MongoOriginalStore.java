package dev.rightsflow.intake.logged.mongo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.bson.Document;
import org.bson.types.Binary;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.intake.logged.application.OriginalStore;
import dev.rightsflow.intake.logged.model.OriginalFile;
import dev.rightsflow.schemas.kafka.Eventing;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.privacy.PersonalDataCipher;
import reactor.core.publisher.Flux;
import dev.rightsflow.schemas.state.DurableWrites;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Collections {@code logged_originals} ({@code {_id: requestId, organisationId, loggedBy, loggedAt, contentType,
 * size, chunks, fileName: sealed}}) and {@code logged_original_chunks} ({@code {_id: requestId/n, requestId, n,
 * data}}): the file is sealed whole with the request's own key ({@link PersonalDataCipher#sealBytes}) and the sealed
 * bytes cut into chunks of {@value #CHUNK} bytes, well under MongoDB's 16 MB document limit (GridFS's idea, through
 * the plain driver, which the in-process server supports). Chunks are written before the entry that points at them,
 * so a reader never sees half a file. Once the request's key is deleted (retention) nothing here can be opened, and
 * {@link #delete} removes the bytes too.
 */
public class MongoOriginalStore implements OriginalStore {

    static final int CHUNK = 1024 * 1024;
    private static final String CONTENT = "logged-original";
    private static final String NAME = "logged-original-name";

    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> chunks;
    private final PersonalDataCipher cipher;

    public MongoOriginalStore(MongoDatabase database, KafkaSettings kafka) {
        this.entries = database.getCollection("logged_originals");
        this.chunks = database.getCollection("logged_original_chunks");
        this.cipher = Eventing.personalData(kafka);
    }

    @Override
    public Mono<Void> save(Stored original) {
        String id = original.requestId();
        return Mono.fromCallable(() -> new byte[][] {
                        cipher.sealBytes(id, CONTENT, original.file().content()),
                        cipher.sealBytes(id, NAME, original.file().fileName().getBytes(StandardCharsets.UTF_8))})
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(sealed -> {
                    List<Document> parts = new ArrayList<>();
                    for (int at = 0, n = 0; at < sealed[0].length; at += CHUNK, n++) {
                        parts.add(new Document("_id", id + "/" + n).append("requestId", id).append("n", n)
                                .append("data", new Binary(Arrays.copyOfRange(sealed[0], at,
                                        Math.min(sealed[0].length, at + CHUNK)))));
                    }
                    Document entry = new Document("_id", id).append("organisationId", original.organisationId())
                            .append("loggedBy", original.loggedBy()).append("loggedAt", java.util.Date.from(original.loggedAt()))
                            .append("contentType", original.file().contentType())
                            .append("size", original.file().content().length).append("chunks", parts.size())
                            .append("fileName", new Binary(sealed[1]));
                    return Mono.from(chunks.deleteMany(Filters.eq("requestId", id)))
                            .then(Mono.from(chunks.insertMany(parts)))
                            .then(Mono.from(entries.replaceOne(Filters.eq("_id", id), entry, new ReplaceOptions().upsert(true))));
                })
                // the original is on no topic: durable before the staff member is told it is kept. Not durable: the
                // save fails, and what was written goes, so that nobody downloads a file that a crash would take
                .then(Mono.fromRunnable(DurableWrites::flush).subscribeOn(Schedulers.boundedElastic())
                        .onErrorResume(DurableWrites.NotWritten.class, notWritten -> delete(id).then(Mono.error(notWritten))))
                .then();
    }

    @Override
    public Mono<Stored> find(String requestId) {
        return Mono.from(entries.find(Filters.eq("_id", requestId)).first()).flatMap(entry ->
                Flux.from(chunks.find(Filters.eq("requestId", requestId)).sort(Sorts.ascending("n"))).collectList()
                        .flatMap(parts -> Mono.fromCallable(() -> open(requestId, entry, parts))
                                .subscribeOn(Schedulers.boundedElastic()))
                        .flatMap(Mono::justOrEmpty));
    }

    private java.util.Optional<Stored> open(String requestId, Document entry, List<Document> parts) {
        if (parts.size() != entry.getInteger("chunks", -1)) {
            return java.util.Optional.empty();
        }
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        parts.forEach(p -> sealed.writeBytes(p.get("data", Binary.class).getData()));
        var content = cipher.openBytes(requestId, CONTENT, sealed.toByteArray());
        var name = cipher.openBytes(requestId, NAME, entry.get("fileName", Binary.class).getData());
        if (content.isEmpty() || name.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Stored(requestId, entry.getString("organisationId"), entry.getString("loggedBy"),
                entry.getDate("loggedAt").toInstant(), new OriginalFile(new String(name.get(), StandardCharsets.UTF_8),
                        entry.getString("contentType"), content.get())));
    }

    @Override
    public Mono<Void> delete(String requestId) {
        return Mono.from(chunks.deleteMany(Filters.eq("requestId", requestId)))
                .then(Mono.from(entries.deleteOne(Filters.eq("_id", requestId)))).then();
    }
}

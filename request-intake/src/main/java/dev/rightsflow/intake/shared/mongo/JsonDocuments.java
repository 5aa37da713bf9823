package dev.rightsflow.intake.shared.mongo;

import org.bson.Document;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores model records as BSON documents through their JSON form, so the model stays free of
 * MongoDB types and each store needs no hand-written mapping. Dates are ISO-8601 strings, which
 * sort as time.
 */
public final class JsonDocuments {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private JsonDocuments() {
    }

    public static Document toDocument(Object value) {
        return Document.parse(MAPPER.writeValueAsString(value));
    }

    public static <T> T fromDocument(Document document, Class<T> type) {
        return MAPPER.readValue(document.toJson(), type);
    }

    public static reactor.core.publisher.Mono<Boolean> isEmpty(com.mongodb.reactivestreams.client.MongoCollection<Document> collection) {
        return reactor.core.publisher.Mono.from(collection.countDocuments()).map(n -> n == 0);
    }

    public static reactor.core.publisher.Mono<Void> clear(com.mongodb.reactivestreams.client.MongoCollection<Document> collection) {
        return reactor.core.publisher.Mono.from(collection.deleteMany(new Document())).then();
    }
}

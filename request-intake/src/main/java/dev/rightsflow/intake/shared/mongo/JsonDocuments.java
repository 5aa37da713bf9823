package dev.rightsflow.intake.shared.mongo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bson.Document;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores model records as BSON documents in their JSON shape, so the model stays free of MongoDB types and each
 * store needs no hand-written mapping. Dates are ISO-8601 strings, which sort as time. Jackson maps a record to
 * the document's maps and lists (and back) directly, without writing or parsing JSON text: the status write on
 * intake's submission path paid for both (JFR, issue 15); the stored shape is what the JSON text gave.
 */
public final class JsonDocuments {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private JsonDocuments() {
    }

    @SuppressWarnings("unchecked")
    public static Document toDocument(Object value) {
        return document(MAPPER.convertValue(value, Map.class));
    }

    public static <T> T fromDocument(Document document, Class<T> type) {
        return MAPPER.convertValue(document, type);
    }

    /** Jackson's maps as documents at every depth, as {@link Document#parse} gives them. */
    private static Document document(Map<String, Object> map) {
        Document document = new Document();
        map.forEach((key, value) -> document.put(key, bson(value)));
        return document;
    }

    @SuppressWarnings("unchecked")
    private static Object bson(Object value) {
        if (value instanceof Map<?, ?> map) {
            return document((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(bson(v)));
            return out;
        }
        return value;
    }

    public static reactor.core.publisher.Mono<Boolean> isEmpty(com.mongodb.reactivestreams.client.MongoCollection<Document> collection) {
        return reactor.core.publisher.Mono.from(collection.countDocuments()).map(n -> n == 0);
    }

    public static reactor.core.publisher.Mono<Void> clear(com.mongodb.reactivestreams.client.MongoCollection<Document> collection) {
        return reactor.core.publisher.Mono.from(collection.deleteMany(new Document())).then();
    }
}

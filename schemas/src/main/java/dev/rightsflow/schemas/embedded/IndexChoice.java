package dev.rightsflow.schemas.embedded;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;

/**
 * Which index serves a query, for both embedded backends ({@link IndexedMemoryBackend},
 * {@link IndexedDiskBackend}). A query whose top-level keys (or the keys of the conditions of a
 * top-level {@code $and}, the form the Java driver gives {@code Filters.and}) <em>include</em> all
 * the keys of an index is narrowed by that index; a unique index is taken first (it narrows to one
 * document), else the secondary index that narrows most. The stock mongo-java-server uses an index
 * only when the query's keys are exactly the index's keys, so the version-conditioned updates every
 * projection makes ({@code {_id: x, version: v}}) walked the whole collection (issue 9). The index
 * only narrows: the caller still matches the whole query against each candidate.
 */
final class IndexChoice {

    private IndexChoice() {
    }

    /**
     * The candidates' positions from the index that serves {@code query} best, or null when no index serves it.
     * Only the chosen index is read: a unique index at once, a secondary index once every other candidate was
     * counted ({@link CountedIndex}) and found to match no fewer entries. Counting each candidate stops at the best
     * count so far. (Each candidate's positions were read, and all but one thrown away: on the disk store that was
     * every candidate's matching entries read from the file before the query ran.)
     */
    static <P> Iterable<P> positions(Document query, List<Index<P>> indexes) {
        Document conditions = query == null ? null : flattened(query);
        if (conditions == null || conditions.isEmpty()) {
            return null;
        }
        Index<P> best = null;
        Document bestQuery = null;
        Iterable<P> bestPositions = null;
        long bestSize = Long.MAX_VALUE;
        List<Index<P>> candidates = new ArrayList<>(indexes);
        candidates.sort(Comparator.comparing(i -> !i.isUnique()));
        for (Index<P> index : candidates) {
            List<String> keys = index.getKeys().stream().map(IndexKey::getKey).toList();
            // a unique index answers equality only; a secondary index says itself what it answers (ranges too)
            if (!conditions.keySet().containsAll(keys) || keys.stream().anyMatch(k -> conditions.get(k) == null
                    || (index.isUnique() && conditions.get(k) instanceof Document))) {
                continue;
            }
            Document narrowed = new Document();
            keys.forEach(k -> narrowed.put(k, conditions.get(k)));
            if (!index.canHandle(narrowed)) {
                continue;
            }
            if (index.isUnique()) {
                return index.getPositions(narrowed);
            }
            long size;
            Iterable<P> positions = null;
            if (index instanceof CountedIndex counted) {
                size = counted.countEntries(narrowed, bestSize);
            } else {
                positions = index.getPositions(narrowed);
                size = positions instanceof Collection<?> c ? c.size() : Long.MAX_VALUE - 1;
            }
            if (size < bestSize) {
                best = index;
                bestQuery = narrowed;
                bestPositions = positions;
                bestSize = size;
            }
        }
        if (best == null) {
            return null;
        }
        return bestPositions != null ? bestPositions : best.getPositions(bestQuery);
    }

    /**
     * The query's conditions by field, with a top-level {@code $and} taken apart: the Java driver
     * sends {@code Filters.and(eq("_id", x), eq("version", v))} as {@code {$and: [{_id: x},
     * {version: v}]}}, whose only key the stock backend cannot match to an index. Used only to
     * choose the index; the whole query is still matched. A field named twice keeps its first
     * condition (the index still only narrows).
     */
    static Document flattened(Document query) {
        if (!(query.get("$and") instanceof List<?> parts)) {
            return query;
        }
        Document conditions = new Document();
        query.forEach((key, value) -> {
            if (!key.equals("$and")) {
                conditions.putIfAbsent(key, value);
            }
        });
        for (Object part : parts) {
            if (part instanceof Document condition) {
                flattened(condition).forEach(conditions::putIfAbsent);
            }
        }
        return conditions;
    }
}

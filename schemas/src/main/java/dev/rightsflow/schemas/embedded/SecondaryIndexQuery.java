package dev.rightsflow.schemas.embedded;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;

/**
 * Which queries a secondary index answers, the same for both kinds ({@link MemorySecondaryIndex}
 * on the heap, {@link DiskSecondaryIndex} in the store's file): equality on exactly its keys, and on
 * a single-key index a range ({@code $lt}, {@code $lte}, {@code $gt}, {@code $gte}) whose bounds are
 * all dates or all numbers. Only values of the bound's own type can match a range (MongoDB's type
 * bracketing), so the ends of that type stand in for a missing bound. Anything else ({@code $in},
 * {@code $ne}, a regular expression, a null that also matches a missing field) is left to the
 * collection scan, which gives the same answer.
 */
final class SecondaryIndexQuery {

    /** The bounds of a range query, inclusive or not; {@link #empty()} when no value can lie between them. */
    record Range(Object low, boolean lowInclusive, Object high, boolean highInclusive) {
        boolean empty() {
            int c = ValueComparator.asc().compare(low, high);
            return c > 0 || (c == 0 && !(lowInclusive && highInclusive));
        }

        /** Whether a value of the bound's type lies inside. */
        boolean contains(Object value) {
            int fromLow = ValueComparator.asc().compare(value, low);
            int toHigh = ValueComparator.asc().compare(value, high);
            return (fromLow > 0 || (fromLow == 0 && lowInclusive)) && (toHigh < 0 || (toHigh == 0 && highInclusive));
        }
    }

    private SecondaryIndexQuery() {
    }

    /**
     * Whether an index entry of these values (normalized) can answer a query these indexes serve: none of them null or
     * missing. Equality on a null is never served here (it also matches documents without the field), and a range
     * only reaches values of its bound's type, so an entry with a null or missing value would never be read; the
     * indexes do not keep one. Most documents lack most of the optional fields indexed: every audit entry but an
     * anchor has no {@code payload.heads.chain}, a settled task no {@code sweepAt}, {@code remindAt} or pending event,
     * most cases no {@code forwardedBy}, and each was an entry written, committed and carried in the index for nothing.
     */
    static boolean answerable(KeyValue values) {
        for (Object value : values) {
            if (value == null || value instanceof Missing) {
                return false;
            }
        }
        return true;
    }

    /** Whether a secondary index on {@code keys} answers {@code query} (equality on exactly its keys, or a range). */
    static boolean canHandle(List<String> keys, Set<String> keySet, Document query) {
        if (!query.keySet().equals(keySet)) {
            return false;
        }
        if (range(keys, query) != null) {
            return true;
        }
        for (String key : keys) {
            Object value = query.get(key);
            // a null query value also matches documents without the field, which the index does not key
            if (value == null || value instanceof Document || value instanceof java.util.Collection
                    || value instanceof java.util.regex.Pattern || BsonRegularExpression.isRegularExpression(value)) {
                return false;
            }
        }
        return true;
    }

    /** The range a query on a single-key index asks for, or null when it is not a range these indexes answer. */
    static Range range(List<String> keys, Document query) {
        if (keys.size() != 1 || !(query.get(keys.get(0)) instanceof Document bounds) || bounds.isEmpty()) {
            return null;
        }
        Object low = null;
        Object high = null;
        boolean lowInclusive = true;
        boolean highInclusive = true;
        Class<?> bracket = null;
        for (Map.Entry<String, Object> bound : bounds.entrySet()) {
            Object value = bound.getValue();
            Class<?> type = value instanceof Instant ? Instant.class : value instanceof Number ? Number.class : null;
            if (type == null || (bracket != null && bracket != type)) {
                return null;
            }
            bracket = type;
            switch (bound.getKey()) {
                case "$lt", "$lte" -> {
                    if (high != null) {
                        return null;
                    }
                    high = value;
                    highInclusive = bound.getKey().equals("$lte");
                }
                case "$gt", "$gte" -> {
                    if (low != null) {
                        return null;
                    }
                    low = value;
                    lowInclusive = bound.getKey().equals("$gte");
                }
                default -> {
                    return null;
                }
            }
        }
        Object floor = bracket == Instant.class ? Instant.MIN : Double.NEGATIVE_INFINITY;
        Object ceiling = bracket == Instant.class ? Instant.MAX : Double.POSITIVE_INFINITY;
        return new Range(low == null ? floor : low, low == null || lowInclusive, high == null ? ceiling : high,
                high == null || highInclusive);
    }
}

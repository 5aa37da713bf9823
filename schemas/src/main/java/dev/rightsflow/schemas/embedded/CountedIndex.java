package dev.rightsflow.schemas.embedded;

import de.bwaldvogel.mongo.bson.Document;

/**
 * A secondary index that says how many entries a query would read from it without reading them, so that
 * {@link IndexChoice} reads only the index it chooses ({@link DiskSecondaryIndex} counts a key range of its B-tree
 * from the page counts on one path down, {@link MemorySecondaryIndex} from its sets' sizes).
 */
interface CountedIndex {

    /**
     * How many entries {@code getPositions(query)} would read (for a multikey range, one per value in range, so
     * at least the documents it returns), or any number not below {@code atMost} once it knows there are that many.
     * {@code query} is one {@code canHandle} accepted.
     */
    long countEntries(Document query, long atMost);
}

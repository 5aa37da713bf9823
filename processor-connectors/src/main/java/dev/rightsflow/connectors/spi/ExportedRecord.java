package dev.rightsflow.connectors.spi;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One record a system holds about the subject, for the access package.
 *
 * @param category   what kind of data, e.g. {@code contact}, {@code survey response}, {@code visit}
 * @param provenance how the system came to hold it; decides what a portability export contains
 * @param fields     the data, field by field, in the system's own names
 */
public record ExportedRecord(String category, Provenance provenance, Map<String, Object> fields) {

    public ExportedRecord {
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /**
     * Art 20 covers data "provided by" the subject. The ICO's guidance on the right to data
     * portability ("What does 'provided to a controller' mean?") reads that as data the subject
     * actively gave and data observed from their use of a service, but not data the controller
     * derived or inferred from it.
     */
    public enum Provenance {
        PROVIDED, OBSERVED, DERIVED;

        public boolean portable() {
            return this != DERIVED;
        }
    }

    @Override
    public String toString() {
        return "ExportedRecord[" + category + ", " + provenance + ", redacted]";
    }
}
